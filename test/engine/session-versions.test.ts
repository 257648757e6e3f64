/**
 * A session saved under an older flow version is not resumed blindly: the citizen is told,
 * answers that still fit carry over, and the conversation continues at the first open question.
 * A session that does not parse is reported and replaced, never trusted.
 */
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../src/flows/flow-schema.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { allText, createHarness, FIXTURE_FLOWS, last } from '../support/engine-harness.ts';
import { readSession } from '../../src/engine/session.ts';

describe('flow versions', () => {
  it('migrates a conversation to a new version of its flow', async () => {
    const store = createMemoryStore();
    const v1 = loadFlows(FIXTURE_FLOWS);
    const old = createHarness({ flows: v1, store });
    await old.text('v', 'thu tuc thu nghiem');
    await old.text('v', 'đồng ý');
    await old.text('v', '1');
    await old.text('v', 'Nguyễn Văn An');
    await old.text('v', 'nam');
    // Version 2 renames the sex options (old answers no longer valid) and adds a question.
    const mini = v1[0]!;
    const v2: FlowDefinition = {
      ...mini,
      version: 2,
      steps: mini.steps.map((s) =>
        s.id === 'sex' && s.type === 'choice'
          ? { ...s, options: s.options.map((o) => ({ ...o, value: o.value === 'male' ? 'm' : 'f' })) }
          : s,
      ),
    };
    const updated = createHarness({ flows: [v2], store });
    const r = await updated.text('v', 'nhắc lại');
    expect(allText(r)).toMatch(/vừa được cập nhật/);
    expect(last(r).text).toMatch(/Giới tính/);
    const s = readSession(await store.sessions.peek('web:v'));
    expect(s.ok && s.session?.flow?.version).toBe(2);
    expect(s.ok && s.session?.flow?.state.context.answers).toEqual({ filer: 'self', full_name: 'Nguyễn Văn An' });
  });

  it('starts over politely when the stored session is corrupt', async () => {
    const store = createMemoryStore();
    const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS), store });
    const turn = await store.sessions.begin('web:bad', 'seed');
    await turn.commit('{"v":1,"locale":"vi","flow":{"id":"mini","version":"one"}}');
    const r = await h.text('bad', 'xin chào');
    expect(allText(r)).toMatch(/không đọc được cuộc trò chuyện trước/);
    const s = readSession(await store.sessions.peek('web:bad'));
    expect(s.ok).toBe(true);
  });
});
