/**
 * @module Officials' request for missing items, answered in chat: the engine reopens exactly
 * the requested steps of a submitted dossier, one question at a time with the officials'
 * message, then hands the answers back (the dossier returns to processing). A procedure in
 * progress is parked meanwhile and resumed afterwards.
 */
import type { InboundEvent, OutboundMessage } from '../channels/channel.ts';
import type { Dossier } from '../dossiers/dossier.ts';
import { applySupplement } from '../dossiers/supplement.ts';
import type { FieldResult, Json } from '../fields/field-type.ts';
import type { CompiledFlow } from '../flows/compile-flow.ts';
import type { FlowState } from '../flows/flow-runtime.ts';
import type { Step } from '../flows/flow-schema.ts';
import { pick } from '../i18n/text.ts';
import { renderStep } from './render-step.ts';
import { fieldMessage, fieldOf, say, tr, type Turn } from './turn.ts';

type Supplement = NonNullable<Turn['session']['supplement']>;

/** Dossiers this chat submitted that wait for missing items. */
export async function openSupplements(turn: Turn): Promise<Dossier[]> {
  const { dossiers } = turn.deps.store;
  const codes = await dossiers.byChat(`${turn.msg.channel}:${turn.msg.chatId}`);
  const found = await Promise.all(codes.map((c) => dossiers.get(c)));
  return found
    .filter((d): d is Dossier => !!d && d.status === 'supplement_requested' && !!d.supplement && d.submitter.channel === turn.msg.channel && d.submitter.chatId === turn.msg.chatId)
    .sort((a, b) => (b.supplement?.requestedAt ?? '').localeCompare(a.supplement?.requestedAt ?? ''));
}

function flowOf(turn: Turn, s: Supplement): CompiledFlow | undefined {
  return turn.deps.flows.get(s.flowId);
}

/** The requested steps the current flow definition still has (a renamed step cannot be asked). */
function askable(flow: CompiledFlow, steps: readonly string[]): string[] {
  return steps.filter((id) => flow.steps.has(id));
}

/** Starts answering `d`'s request: the officials' message, then the first missing item. */
export function startSupplement(turn: Turn, d: Dossier): void {
  const flow = turn.deps.flows.get(d.procedureId);
  const steps = flow && d.supplement ? askable(flow, d.supplement.steps) : [];
  if (!flow || !d.supplement || steps.length === 0) {
    say(turn, tr(turn, 'engine.supplement.cannot', { code: d.code }));
    return;
  }
  turn.session.supplement = { code: d.code, flowId: flow.flow.id, steps, index: 0, answers: {}, draft: [], proxy: !d.submitter.self };
  say(turn, tr(turn, 'engine.supplement.intro', { code: d.code, title: pick(flow.flow.title, turn.session.locale), message: d.supplement.message, count: steps.length }));
}

/** Enough of a flow state to render a step: the wording (self or relative) and the photo draft. */
function pseudoState(s: Supplement, flow: CompiledFlow, stepId: string): FlowState {
  const ob = flow.flow.onBehalf;
  const answers: Record<string, Json> = ob ? { [ob.field]: s.proxy ? '@relative' : ob.selfValue } : {};
  return { value: stepId, context: { answers, trail: [], editing: false, today: '1970-01-01', draft: s.draft } };
}

/** The current supplement question, or null when none is open. */
export function supplementPrompt(turn: Turn): OutboundMessage | null {
  const s = turn.session.supplement;
  const flow = s && flowOf(turn, s);
  const stepId = s?.steps[s.index];
  const step = stepId ? flow?.steps.get(stepId) : undefined;
  if (!s || !flow || !step) return null;
  const msg = renderStep(turn, flow, pseudoState(s, flow, step.id), step);
  return { ...msg, text: `(${s.index + 1}/${s.steps.length}) ${msg.text}` };
}

function currentStep(turn: Turn): { s: Supplement; flow: CompiledFlow; step: Step } | null {
  const s = turn.session.supplement;
  const flow = s && flowOf(turn, s);
  const step = s && flow ? flow.steps.get(s.steps[s.index] ?? '') : undefined;
  return s && flow && step ? { s, flow, step } : null;
}

/** Parses an answer to the current supplement question; moves on, or explains and asks again. */
export async function answerSupplement(turn: Turn, event: InboundEvent): Promise<void> {
  const cur = currentStep(turn);
  if (!cur) {
    delete turn.session.supplement;
    return;
  }
  const { s, flow, step } = cur;
  const dossier = await turn.deps.store.dossiers.get(s.code);
  const answers: Record<string, Json> = { ...(dossier?.answers ?? {}), ...s.answers };
  const result: FieldResult = await fieldOf(turn.deps.fields, step).parse(event, step, {
    locale: turn.session.locale,
    now: turn.now,
    answers,
    steps: flow.flow.steps,
    media: turn.deps.media,
    photoLimits: turn.deps.settings.photoLimits,
  });
  if (result.ok === false) {
    say(turn, fieldMessage(turn, result.error));
    return;
  }
  if (result.ok === 'clarify') {
    turn.session.pending = { kind: 'clarify', step: step.id, question: result.question, candidates: result.candidates };
    return;
  }
  if (result.note) say(turn, fieldMessage(turn, result.note));
  return acceptSupplement(turn, result.value);
}

/** Takes a parsed value for the current supplement question (photos collect until the step is full). */
export async function acceptSupplement(turn: Turn, value: Json): Promise<void> {
  const cur = currentStep(turn);
  if (!cur) return;
  const { s, step } = cur;
  if (step.type === 'photo') {
    s.draft = [...s.draft, value];
    if (s.draft.length < step.max) {
      turn.replies.push({ text: tr(turn, 'engine.photo.progress', { n: s.draft.length, max: step.max }) });
      return;
    }
    return next(turn, s, step.id, s.draft);
  }
  return next(turn, s, step.id, value);
}

/** The id of the supplement question being asked, if any. */
export function supplementStepId(turn: Turn): string | undefined {
  return currentStep(turn)?.step.id;
}

/** "Xong" on a supplement photo step. */
export async function finishSupplementPhotos(turn: Turn): Promise<boolean> {
  const cur = currentStep(turn);
  if (!cur || cur.step.type !== 'photo') return false;
  const needed = Math.max(cur.step.min, 1);
  if (cur.s.draft.length < needed) {
    say(turn, tr(turn, 'engine.photo.need_more', { min: needed, n: cur.s.draft.length }));
    return true;
  }
  await next(turn, cur.s, cur.step.id, cur.s.draft);
  return true;
}

/** "Quay lại" inside a supplement: the previous requested item. */
export function supplementBack(turn: Turn): void {
  const s = turn.session.supplement;
  if (!s) return;
  if (s.index === 0) say(turn, tr(turn, 'engine.back_first'));
  else {
    s.index -= 1;
    s.draft = [];
  }
}

async function next(turn: Turn, s: Supplement, stepId: string, value: Json): Promise<void> {
  s.answers[stepId] = value;
  s.draft = [];
  s.index += 1;
  if (s.index < s.steps.length) return;
  await finish(turn, s);
}

async function finish(turn: Turn, s: Supplement): Promise<void> {
  const flow = flowOf(turn, s);
  const answers = s.answers;
  const photoSteps = new Set(s.steps.filter((id) => flow?.steps.get(id)?.type === 'photo'));
  const labels = s.steps.map((id) => flow?.steps.get(id)).filter((x): x is Step => !!x).map((st) => pick(st.label, 'vi'));
  const input = { answers, photoSteps, by: 'citizen', at: turn.now, note: `Công dân đã bổ sung: ${labels.join(', ')}` };
  const actions = turn.deps.dossierActions;
  const done = actions
    ? await actions.completeSupplement(s.code, input)
    : await turn.deps.store.dossiers.update(s.code, (d) => applySupplement(d, input));
  delete turn.session.supplement;
  if (!done) {
    say(turn, tr(turn, 'engine.supplement.cannot', { code: s.code }));
    return;
  }
  say(turn, tr(turn, 'engine.supplement.done', { code: s.code }));
  // Back to the procedure that was put aside, if any.
  if (turn.session.parked) {
    turn.session.flow = turn.session.parked;
    delete turn.session.parked;
    say(turn, tr(turn, 'engine.supplement.resume'));
  }
}

/** Leaves supplement mode without sending; the request stays open for later. */
export function leaveSupplement(turn: Turn): void {
  const s = turn.session.supplement;
  if (!s) return;
  delete turn.session.supplement;
  say(turn, tr(turn, 'engine.supplement.later', { code: s.code }));
  if (turn.session.parked) {
    turn.session.flow = turn.session.parked;
    delete turn.session.parked;
  }
}
