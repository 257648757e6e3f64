/**
 * The engine in two processes sharing Redis (two engines, two stores, one key prefix). Quick
 * messages start speculatively from each process's copy of the session; when the other process
 * changed it meanwhile, the message is handled again on the current session, and nothing outside
 * the session (a dossier) is touched by the stale attempt.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundEvent, OutboundMessage } from '../../src/channels/channel.ts';
import type { Dossier } from '../../src/dossiers/dossier.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { allText, choiceValue, createHarness, documentJpeg, FIXTURE_FLOWS, last, type Harness } from '../support/engine-harness.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

const CODE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

describe('one conversation across two processes', () => {
  const prefix = uniquePrefix('two-engines');
  const flows = loadFlows(FIXTURE_FLOWS);
  const a = createHarness({ flows, store: createRedisStore({ url: testRedisUrl(), prefix }) });
  const b = createHarness({ flows, store: createRedisStore({ url: testRedisUrl(), prefix }) });
  afterAll(async () => {
    await a.store.close();
    await b.store.close();
  });

  /** Every real dossiers.create call reaching harness h's store. */
  function countCreates(h: Harness): Dossier[] {
    const calls: Dossier[] = [];
    const create = h.store.dossiers.create.bind(h.store.dossiers);
    h.store.dossiers.create = (d) => {
      calls.push(d);
      return create(d);
    };
    return calls;
  }

  /** The fixture flow up to its summary, each message sent through `pick()`'s process. */
  async function toSummary(chat: string, pick: () => Harness): Promise<OutboundMessage> {
    const send = (event: InboundEvent) => pick().send(chat, event);
    const text = (t: string) => send({ kind: 'text', text: t });
    let r = await text('thu tuc thu nghiem');
    r = await send({ kind: 'choice', value: choiceValue(last(r), /đồng ý/i) });
    for (const answer of ['cho chính tôi', 'trần  thị MAI', 'nữ', '5/3/1990', '079190001234', '0901 234 567', 'bỏ qua', 'có']) r = await text(answer);
    expect(last(r).text).toMatch(/ảnh giấy tờ/);
    await send({ kind: 'photo', media: { id: `photo-${chat}`, fetch: async () => documentJpeg() } });
    r = await text('xong');
    expect(last(r).text).toMatch(/bao nhiêu người/i);
    await text('3');
    await send({ kind: 'location', lat: 10.7769, lng: 106.7009 });
    r = await text('12 Nguyễn Trãi, phường Bến Thành');
    expect(last(r).text).toMatch(/kiểm tra lại hồ sơ/);
    return last(r);
  }

  it('keeps every answer when each message goes to the other process', async () => {
    let n = 0;
    const summary = await toSummary('alternating', () => (n++ % 2 ? b : a));
    expect(summary.text).toMatch(/Trần Thị Mai/);
    expect(summary.text).toMatch(/05\/03\/1990/);
    expect(summary.text).toMatch(/0901 234 567/);
    const r = await (n++ % 2 ? b : a).tap('alternating', choiceValue(summary, /Xác nhận và nộp/));
    const code = CODE.exec(allText(r))?.[0];
    expect(code).toBeDefined();
    expect(await a.store.dossiers.byChat('web:alternating')).toEqual([code]);
  });

  it('a confirm on a stale copy touches no dossier until it is handled on the current session', async () => {
    const summary = await toSummary('stale', () => a);
    // The other process changes the session: the citizen switched to English there.
    expect(allText(await b.text('stale', 'English'))).toMatch(/Switched to English/);
    const creates = countCreates(a);
    const r = await a.tap('stale', choiceValue(summary, /Xác nhận và nộp/));
    // Handled on the current session (English), and the stale attempt never reached the store.
    expect(allText(r)).toMatch(/application has been submitted/);
    expect(creates).toHaveLength(1);
    const code = CODE.exec(allText(r))?.[0];
    expect(await a.store.dossiers.byChat('web:stale')).toEqual([code]);
  });

  it('a redelivered message handled by the other process is dropped', async () => {
    await a.text('redelivered', 'xin chào');
    const first = await b.send('redelivered', { kind: 'text', text: 'thu tuc thu nghiem' }, { messageId: 'same-id' });
    expect(allText(first)).toMatch(/đồng ý/i);
    expect(await a.send('redelivered', { kind: 'text', text: 'thu tuc thu nghiem' }, { messageId: 'same-id' })).toEqual([]);
  });
});
