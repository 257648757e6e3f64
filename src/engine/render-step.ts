/**
 * @module Renders the current question: one message, the question in the chatter's words
 * (self or helping someone), the expected format, and buttons where the step has choices.
 */
import type { Choice, OutboundMessage } from '../channels/channel.ts';
import type { CompiledFlow } from '../flows/compile-flow.ts';
import type { Ask, Step } from '../flows/flow-schema.ts';
import type { FlowState } from '../flows/flow-runtime.ts';
import { pick } from '../i18n/text.ts';
import { fold } from '../nlu/fold.ts';
import { encodeChoice } from './choice-values.ts';
import { fieldOf, tr, type Turn } from './turn.ts';

/** Whether the chatter files for someone else (the flow's `onBehalf` step says so). */
export function filingForOther(flow: CompiledFlow, state: FlowState): boolean {
  const ob = flow.flow.onBehalf;
  if (!ob) return false;
  const v = state.context.answers[ob.field];
  return v !== undefined && v !== ob.selfValue;
}

export function askText(turn: Turn, ask: Ask, proxy: boolean): string {
  const text = 'self' in ask ? (proxy ? ask.proxy : ask.self) : ask;
  return pick(text, turn.session.locale);
}

function stepChoices(turn: Turn, step: Step, draftCount: number): Choice[] {
  const locale = turn.session.locale;
  const choices: Choice[] = [];
  if (step.type === 'choice') {
    for (const o of step.options) choices.push({ label: pick(o.label, locale), value: encodeChoice({ kind: 'answer', step: step.id, value: o.value }) });
  } else if (step.type === 'yesno') {
    choices.push({ label: tr(turn, 'engine.yes'), value: encodeChoice({ kind: 'answer', step: step.id, value: 'yes' }) });
    choices.push({ label: tr(turn, 'engine.no'), value: encodeChoice({ kind: 'answer', step: step.id, value: 'no' }) });
  }
  if (step.type === 'photo' && draftCount > 0 && draftCount >= step.min) {
    choices.push({ label: tr(turn, 'engine.photo.done_button'), value: encodeChoice({ kind: 'cmd', command: 'done' }) });
  }
  if (step.optional) choices.push({ label: tr(turn, 'engine.skip_button'), value: encodeChoice({ kind: 'cmd', command: 'skip' }) });
  return choices;
}

const wordings = new Map<string, { example: boolean; skip: boolean }>();

/** Whether a question's own text already gives an example or says how to skip (flow texts are few: memoised). */
function wording(question: string): { example: boolean; skip: boolean } {
  let w = wordings.get(question);
  if (!w) {
    const folded = fold(question);
    w = { example: /\b(vi du|example|e g)\b/.test(folded), skip: /\b(bo qua|skip)\b/.test(folded) };
    wordings.set(question, w);
  }
  return w;
}

/** The question for `step`, with its format hint, choices and (for photos) progress. */
export function renderStep(turn: Turn, flow: CompiledFlow, state: FlowState, step: Step): OutboundMessage {
  const locale = turn.session.locale;
  const question = askText(turn, step.ask, filingForOther(flow, state));
  const lines = [question];
  // The flow's own wording wins: no second example, no second "skip" note.
  const own = wording(question);
  const hint = own.example ? undefined : fieldOf(turn.deps.fields, step).hint?.(step, locale);
  if (hint) lines.push(hint);
  if (step.type === 'choice' && step.multiple) lines.push(tr(turn, 'engine.multi_hint'));
  if (step.type === 'photo') {
    const n = state.context.draft.length;
    if (step.max > 1) lines.push(tr(turn, n > 0 ? 'engine.photo.progress' : 'engine.photo.many', { n, max: step.max, min: Math.max(step.min, 1) }));
  }
  if (step.optional && !own.skip) lines.push(tr(turn, 'engine.optional_hint'));
  const choices = stepChoices(turn, step, state.context.draft.length);
  const out: OutboundMessage = { text: lines.join('\n') };
  if (choices.length > 0) out.choices = choices;
  if (step.type === 'phone') out.requestContact = true;
  if (step.type === 'location') out.requestLocation = true;
  return out;
}
