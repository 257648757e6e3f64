/**
 * @module The messages a citizen sends to finish a procedure, found once by an "oracle" that
 * reads the current step from the session and tries plausible answers until one is accepted —
 * so the benchmark follows the flow as written, not a hand-kept list that drifts.
 */
import type { InboundEvent } from '../src/channels/channel.ts';
import { readSession } from '../src/engine/session.ts';
import type { Step } from '../src/flows/flow-schema.ts';
import type { Harness } from '../test/support/engine-harness.ts';

const CANDIDATES: Record<Step['type'], string[]> = {
  text: ['Bệnh viện Từ Dũ', 'Quận 1, TP. Hồ Chí Minh'],
  name: ['Nguyễn Minh Khôi', 'Trần Thị Mai'],
  number: ['2', '50 triệu'],
  date: ['20/11/2026', '01/10/2026', '5/3/1990', '1/1/1985'],
  cccd: ['079090001234', '079190001234', '079206001234', '079306001234', '079085005678', '079185005678'],
  phone: ['0901 234 567'],
  email: ['an.nguyen@example.vn'],
  choice: ['1', '2', '3'],
  yesno: ['có', 'không'],
  photo: ['__photo__'],
  location: ['__location__'],
  address: ['12 Nguyễn Trãi, phường Bến Thành', '12 Nguyễn Trãi, phường Sài Gòn, TP. Hồ Chí Minh'],
};

/** Prefer the first accepted candidate, but skip optional steps to keep to the main path. */
export async function deriveScript(h: Harness, opener: string, photo: Uint8Array): Promise<InboundEvent[]> {
  const chat = `oracle-${Date.now()}`;
  const script: InboundEvent[] = [{ kind: 'text', text: opener }, { kind: 'choice', value: 'consent:yes' }];
  for (const e of script) await h.send(chat, e);
  const stepOf = async (): Promise<{ id: string | null; submitted: boolean }> => {
    const r = readSession(await h.store.sessions.peek(`web:${chat}`));
    if (!r.ok || !r.session) throw new Error('oracle lost its session');
    return { id: r.session.flow?.state.value ?? null, submitted: !!r.session.lastSubmission };
  };
  for (let guard = 0; guard < 200; guard++) {
    const { id, submitted } = await stepOf();
    if (submitted) return script;
    if (id === '@review') {
      const e: InboundEvent = { kind: 'choice', value: 'review:confirm' };
      script.push(e);
      await h.send(chat, e);
      continue;
    }
    const flowId = readSession(await h.store.sessions.peek(`web:${chat}`));
    const fid = flowId.ok ? flowId.session?.flow?.id : undefined;
    const step = fid ? h.deps.flows.get(fid)?.steps.get(id ?? '') : undefined;
    if (!step) throw new Error(`oracle: unknown state ${id}`);
    const tries: InboundEvent[] = step.optional
      ? [{ kind: 'text', text: 'bỏ qua' }]
      : CANDIDATES[step.type].map((c): InboundEvent =>
          c === '__photo__'
            ? { kind: 'photo', media: { id: 'bench', size: photo.length, fetch: async () => photo } }
            : c === '__location__'
              ? { kind: 'location', lat: 10.7769, lng: 106.7009 }
              : { kind: 'text', text: c },
        );
    let moved = false;
    for (const e of tries) {
      await h.send(chat, e);
      let after = await stepOf();
      if (after.id === id && e.kind === 'photo') {
        // A multi-photo step waits for more: one photo is enough here.
        const done: InboundEvent = { kind: 'text', text: 'xong' };
        await h.send(chat, done);
        after = await stepOf();
        if (after.id !== id) script.push(e, done), (moved = true);
        if (moved) break;
        continue;
      }
      if (after.id !== id || after.submitted) {
        script.push(e);
        moved = true;
        break;
      }
    }
    if (!moved) throw new Error(`oracle: no candidate accepted at step ${id} (${step.type})`);
  }
  throw new Error('oracle: flow did not finish');
}
