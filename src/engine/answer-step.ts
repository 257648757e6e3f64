/**
 * @module An answer to the current step: parse it with the step's field type, then move on —
 * or explain what is expected and ask the same question again, keeping every earlier answer.
 * Photo steps collect several photos until "xong"; a question about the procedure is answered
 * and the conversation stays on the step.
 */
import type { InboundEvent } from '../channels/channel.ts';
import type { FieldContext, FieldResult, Json } from '../fields/field-type.ts';
import type { Step } from '../flows/flow-schema.ts';
import { pick } from '../i18n/text.ts';
import { advance, isReviewing, type ActiveFlow } from './flow-driver.ts';
import { askCurrent } from './prompts.ts';
import { summaryItems } from './render-summary.ts';
import { encodeChoice } from './choice-values.ts';
import { fold, tidy } from '../nlu/fold.ts';
import { fieldMessage, fieldOf, say, tr, type Turn } from './turn.ts';

/** Steps whose free text always parses: a question typed there must be recognised first. */
const FREE_TEXT: ReadonlySet<Step['type']> = new Set(['text', 'address', 'location']);

function fieldContext(turn: Turn, active: ActiveFlow): FieldContext {
  return {
    locale: turn.session.locale,
    now: turn.now,
    answers: active.state.context.answers,
    steps: active.flow.flow.steps,
    media: turn.deps.media,
    photoLimits: turn.deps.settings.photoLimits,
  };
}

/**
 * Answers a question about the procedure typed mid-step; true when it was one. On free-text
 * steps an answer may mention "bao lâu" or "ở đâu" in passing (a report's description), so
 * there only a question mark or a short question counts.
 */
function answeredQuestion(turn: Turn, active: ActiveFlow, event: InboundEvent, freeText = false): boolean {
  if (event.kind !== 'text') return false;
  if (freeText && !event.text.includes('?') && event.text.trim().split(/\s+/).length > 8) return false;
  const answer = turn.deps.nlu.answerQuestion(event.text, active.flow.flow, turn.session.locale);
  if (answer === null) return false;
  say(turn, answer);
  askCurrent(turn);
  return true;
}

export async function answerStep(turn: Turn, active: ActiveFlow, event: InboundEvent): Promise<void> {
  const step = active.flow.steps.get(active.state.value);
  if (!step) return askCurrent(turn);
  if (step.type === 'choice' && step.multiple && event.kind === 'choice') return toggleOption(turn, active, step, event.value);
  if (FREE_TEXT.has(step.type) && answeredQuestion(turn, active, event, true)) return;
  const result: FieldResult = await fieldOf(turn.deps.fields, step).parse(event, step, fieldContext(turn, active));
  if (result.ok === false) {
    if (answeredQuestion(turn, active, event)) return;
    say(turn, fieldMessage(turn, result.error));
    return askCurrent(turn);
  }
  if (result.ok === 'clarify') {
    turn.session.pending = { kind: 'clarify', step: step.id, question: result.question, candidates: result.candidates };
    return askCurrent(turn);
  }
  if (result.note) say(turn, fieldMessage(turn, result.note));
  await accept(turn, active, step, result.value);
}

/** Stores an accepted value for `step` (photos go to the draft until the step is full). */
export async function accept(turn: Turn, active: ActiveFlow, step: Step, value: Json): Promise<void> {
  if (step.type === 'photo') {
    const draft = [...active.state.context.draft, value];
    if (draft.length >= step.max) {
      await advance(turn, active, { type: 'ANSWER', value: draft });
    } else {
      // More photos may follow: a short receipt (with "Xong" once enough), not the whole question again.
      await advance(turn, active, { type: 'DRAFT', value: draft });
      const needed = Math.max(step.min, 1);
      turn.replies.push(
        draft.length >= needed
          ? { text: tr(turn, 'engine.photo.progress', { n: draft.length, max: step.max }), choices: [{ label: tr(turn, 'engine.photo.done_button'), value: encodeChoice({ kind: 'cmd', command: 'done' }) }] }
          : { text: tr(turn, 'engine.photo.received_more', { n: draft.length, min: needed }) },
      );
      return;
    }
  } else {
    await advance(turn, active, { type: 'ANSWER', value });
  }
  if (turn.session.flow) askCurrent(turn);
}

/**
 * A tap on an option of a multiple-choice step adds it (or takes it back); "Xong" ends the
 * choice. Typing "1, 3" still answers at once. Tapping every option also ends it.
 */
async function toggleOption(turn: Turn, active: ActiveFlow, step: Extract<Step, { type: 'choice' }>, value: string): Promise<void> {
  if (!step.options.some((o) => o.value === value)) return askCurrent(turn);
  const draft = active.state.context.draft.filter((v): v is string => typeof v === 'string');
  const picked = draft.includes(value) ? draft.filter((v) => v !== value) : [...draft, value];
  const max = step.maxSelected ?? step.options.length;
  if (picked.length >= max) {
    await advance(turn, active, { type: 'ANSWER', value: picked });
    return askCurrent(turn);
  }
  await advance(turn, active, { type: 'DRAFT', value: picked });
  const locale = turn.session.locale;
  const labels = step.options.filter((o) => picked.includes(o.value)).map((o) => pick(o.label, locale));
  turn.replies.push({
    text: picked.length > 0 ? tr(turn, 'engine.multi.picked', { picked: labels.join(', ') }) : tr(turn, 'engine.multi.none'),
    choices: [
      ...step.options.map((o) => ({ label: `${picked.includes(o.value) ? '✓ ' : ''}${pick(o.label, locale)}`, value: encodeChoice({ kind: 'answer', step: step.id, value: o.value }) })),
      ...(picked.length >= step.minSelected ? [{ label: tr(turn, 'engine.photo.done_button'), value: encodeChoice({ kind: 'cmd', command: 'done' }) }] : []),
    ],
  });
}

/** "Xong" on a step answered over several messages: photos, or options tapped one by one. */
export async function finishDraft(turn: Turn, active: ActiveFlow): Promise<void> {
  const step = active.flow.steps.get(active.state.value);
  if (step?.type === 'choice' && step.multiple) {
    const draft = active.state.context.draft;
    if (draft.length >= step.minSelected) await advance(turn, active, { type: 'ANSWER', value: draft });
    else say(turn, tr(turn, 'engine.multi.none'));
    return askCurrent(turn);
  }
  if (!step || step.type !== 'photo') return askCurrent(turn);
  const draft = active.state.context.draft;
  const needed = Math.max(step.min, 1);
  if (draft.length >= needed) await advance(turn, active, { type: 'ANSWER', value: draft });
  else if (draft.length === 0 && step.optional) await advance(turn, active, { type: 'SKIP' });
  else say(turn, tr(turn, 'engine.photo.need_more', { min: needed, n: draft.length }));
  askCurrent(turn);
}

/** "ok nộp đi", "gửi đi", "xác nhận luôn": asking to submit, unless negated ("đừng nộp", "chưa gửi"). */
function wantsSubmit(text: string): boolean {
  // Negations are read with tones kept: folded, "đừng" (don't) and "đúng" (right) are both "dung".
  if (/(^|\s)(không|ko|k|chưa|đừng|chớ|don't|dont|not|no)(\s|$)/u.test(tidy(text))) return false;
  return /\b(nop|gui|xac nhan|submit|send)\b/.test(fold(text));
}

/** At the summary: confirm, change one answer ("sửa 3"), or cancel. */
export async function answerReview(turn: Turn, active: ActiveFlow, text: string): Promise<void> {
  const { nlu } = turn.deps;
  const edit = /^(?:sua|sửa|edit|change|doi|đổi)\s*(?:muc|mục|so|số|item)?\s*(\d{1,2})$/i.exec(text.trim());
  if (edit) return editItem(turn, active, Number(edit[1]) - 1);
  const m = nlu.matchOption(text, [tr(turn, 'engine.summary.confirm_button'), tr(turn, 'engine.summary.edit_button'), tr(turn, 'engine.cancel_button')]);
  const pick = m.kind === 'match' && m.indexes.length === 1 ? m.indexes[0] : nlu.yesNo(text) === true || wantsSubmit(text) ? 0 : undefined;
  if (pick === 0) {
    await advance(turn, active, { type: 'CONFIRM' });
    return;
  }
  if (pick === 1) {
    turn.session.pending = { kind: 'editPick' };
    return askCurrent(turn);
  }
  if (pick === 2) {
    turn.session.pending = { kind: 'confirm', action: 'cancel' };
    return askCurrent(turn);
  }
  say(turn, tr(turn, 'engine.summary.not_understood'));
  askCurrent(turn);
}

/** Reopens item `index` (0-based, as numbered in the summary) for a new answer. */
export async function editItem(turn: Turn, active: ActiveFlow, index: number): Promise<void> {
  return editStep(turn, active, summaryItems(active.flow, active.state)[index]?.step.id);
}

/** Reopens one step from the summary; the summary shows again once it is answered. */
export async function editStep(turn: Turn, active: ActiveFlow, stepId: string | undefined): Promise<void> {
  delete turn.session.pending;
  if (stepId === undefined || !isReviewing(active.state) || !(await advance(turn, active, { type: 'EDIT', step: stepId }))) {
    say(turn, tr(turn, 'engine.summary.no_such_item'));
  }
  askCurrent(turn);
}

