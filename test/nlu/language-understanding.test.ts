/** The NLU fits the engine's port, and answers the way the engine relies on. */
import { describe, expect, it } from 'vitest';
import type { LanguageUnderstanding as EnginePort } from '../../src/engine/language-understanding.ts';
import { createLanguageUnderstanding } from '../../src/nlu/language-understanding.ts';
import { evaluationFlows } from './evaluate.ts';

const { flows } = evaluationFlows();
const nlu: EnginePort = createLanguageUnderstanding(flows);

describe('createLanguageUnderstanding', () => {
  it('picks a procedure, asks, or says it is out of scope', () => {
    expect(nlu.detectIntent('dk ks cho be')).toEqual({ kind: 'intent', intent: 'khai-sinh' });
    expect(nlu.detectIntent('làm hộ chiếu ở đâu')).toEqual({ kind: 'none' });
    // A vague request is not out of scope: the menu (help) or a choice of procedures.
    const vague = nlu.detectIntent('đăng ký');
    expect(vague.kind === 'clarify' ? vague.options.length >= 2 : vague).toEqual(vague.kind === 'clarify' ? true : { kind: 'intent', intent: 'help' });
  });

  it('gives an honest out-of-scope reply that lists the procedures', () => {
    const reply = nlu.outOfScopeReply('làm hộ chiếu ở đâu', 'vi');
    expect(reply).toContain('xuất nhập cảnh');
    for (const f of flows) expect(reply).toContain(f.title.vi);
  });

  it('matches commands, options and yes/no', () => {
    expect(nlu.matchCommand('gap can bo')).toEqual({ name: 'human' });
    expect(nlu.matchOption('2', ['Có', 'Không'])).toEqual({ kind: 'match', indexes: [1] });
    expect(nlu.yesNo('dạ không')).toBe(false);
  });

  it('answers questions about the procedure and ignores answers', () => {
    const flow = flows.find((f) => f.id === 'khai-sinh')!;
    expect(nlu.answerQuestion('lệ phí bao nhiêu?', flow, 'vi')).toBeTruthy();
    expect(nlu.answerQuestion('Nguyễn Văn An', flow, 'vi')).toBeNull();
  });
});
