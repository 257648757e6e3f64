/**
 * @module The summary before submitting: every answer that applies, numbered, so any single
 * one can be changed ("sửa 3"), then confirm.
 */
import type { OutboundMessage } from '../channels/channel.ts';
import { applies, type CompiledFlow } from '../flows/compile-flow.ts';
import type { Step } from '../flows/flow-schema.ts';
import type { FlowState } from '../flows/flow-runtime.ts';
import type { Json } from '../fields/field-type.ts';
import { pick } from '../i18n/text.ts';
import { encodeChoice } from './choice-values.ts';
import { fieldOf, tr, type Turn } from './turn.ts';

export interface SummaryItem {
  step: Step;
  value: Json | undefined;
}

/** The steps that apply to these answers, in flow order, with their answers (undefined = skipped). */
export function summaryItems(flow: CompiledFlow, state: FlowState): SummaryItem[] {
  const { answers, today } = state.context;
  return flow.flow.steps.filter((s) => applies(s, answers, today)).map((step) => ({ step, value: answers[step.id] }));
}

export function displayAnswer(turn: Turn, item: SummaryItem): string {
  if (item.value === undefined || item.value === null) return tr(turn, 'engine.summary.skipped');
  return fieldOf(turn.deps.fields, item.step).display(item.value, item.step, turn.session.locale);
}

export function renderSummary(turn: Turn, flow: CompiledFlow, state: FlowState): OutboundMessage {
  const locale = turn.session.locale;
  const lines = summaryItems(flow, state).map((item, i) => `${i + 1}. ${pick(item.step.label, locale)}: ${displayAnswer(turn, item)}`);
  return {
    text: [tr(turn, 'engine.summary.title', { title: pick(flow.flow.title, locale) }), '', ...lines, '', tr(turn, 'engine.summary.instructions')].join('\n'),
    choices: [
      { label: tr(turn, 'engine.summary.confirm_button'), value: encodeChoice({ kind: 'review', action: 'confirm' }) },
      { label: tr(turn, 'engine.summary.edit_button'), value: encodeChoice({ kind: 'review', action: 'edit' }) },
      { label: tr(turn, 'engine.cancel_button'), value: encodeChoice({ kind: 'cmd', command: 'cancel' }) },
    ],
  };
}

/** "Which answer do you want to change?" with one choice per item. */
export function renderEditPick(turn: Turn, flow: CompiledFlow, state: FlowState): OutboundMessage {
  const locale = turn.session.locale;
  return {
    text: tr(turn, 'engine.summary.edit_which'),
    choices: summaryItems(flow, state).map((item) => ({ label: pick(item.step.label, locale), value: encodeChoice({ kind: 'edit', step: item.step.id }) })),
  };
}
