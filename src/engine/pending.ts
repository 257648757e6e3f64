/**
 * @module Answers to an open prompt the engine asked itself: consent, a yes/no confirmation,
 * which procedure, which summary item to change, which of several candidates.
 */
import type { InboundEvent } from '../channels/channel.ts';
import type { ChoiceValue } from './choice-values.ts';
import { accept, answerStep, editItem, editStep } from './answer-step.ts';
import { confirmed } from './commands.ts';
import { activeFlow, startFlow } from './flow-driver.ts';
import { handleIdle } from './idle.ts';
import { askCurrent, askNext } from './prompts.ts';
import { answerSubscribe } from './subscribe.ts';
import type { Pending } from './session.ts';
import { summaryItems } from './render-summary.ts';
import { say, tr, type Turn } from './turn.ts';
import { pick } from '../i18n/text.ts';
import { acceptSupplement, answerSupplement, startSupplement, supplementStepId } from './supplement.ts';

function textOf(event: InboundEvent): string | null {
  return event.kind === 'text' ? event.text : null;
}

/** Yes/no from a tap (consent:/confirm:), the words, or the button's number (1 = yes, 2 = no). */
function yesNoAnswer(turn: Turn, event: InboundEvent, choice: ChoiceValue | null, kind: 'consent' | 'confirm'): boolean | null {
  if (choice) return choice.kind === kind ? choice.yes : null;
  const text = textOf(event);
  if (text === null) return null;
  const yn = turn.deps.nlu.yesNo(text);
  if (yn !== null) return yn;
  const labels = kind === 'consent' ? [tr(turn, 'engine.consent.yes_button'), tr(turn, 'engine.consent.no_button')] : [tr(turn, 'engine.yes'), tr(turn, 'engine.no')];
  const m = turn.deps.nlu.matchOption(text, labels);
  return m.kind === 'match' && m.indexes.length === 1 ? m.indexes[0] === 0 : null;
}

/** The candidate a tap (`pick:`) or a typed number/label chooses, if any. */
function pickCandidate<T extends { label: string }>(turn: Turn, candidates: readonly T[], event: InboundEvent, choice: ChoiceValue | null): T | undefined {
  if (choice?.kind === 'pick') return candidates[choice.index];
  const text = textOf(event);
  const m = text === null ? null : turn.deps.nlu.matchOption(text, candidates.map((c) => c.label));
  return m?.kind === 'match' && m.indexes.length === 1 ? candidates[m.indexes[0]!] : undefined;
}

function stale(turn: Turn): void {
  say(turn, tr(turn, 'engine.stale_button'));
  askCurrent(turn);
}

export async function handlePending(turn: Turn, pending: Pending, event: InboundEvent, choice: ChoiceValue | null): Promise<void> {
  switch (pending.kind) {
    case 'consent': {
      const flow = turn.deps.flows.get(pending.flowId);
      const yes = yesNoAnswer(turn, event, choice, 'consent');
      if (!flow) {
        delete turn.session.pending;
        return askCurrent(turn);
      }
      if (yes === true) {
        delete turn.session.pending;
        startFlow(turn, flow);
        say(turn, tr(turn, 'engine.consent.thanks'));
        return askCurrent(turn);
      }
      if (yes === false) {
        // Refusal stores nothing: the session is emptied (and then deleted, not saved).
        delete turn.session.pending;
        say(turn, tr(turn, 'engine.consent.refused', { office: pick(turn.deps.settings.office, turn.session.locale) }));
        return;
      }
      if (choice) return stale(turn);
      const text = textOf(event);
      const answer = text === null ? null : turn.deps.nlu.answerQuestion(text, flow.flow, turn.session.locale);
      say(turn, answer ?? tr(turn, 'engine.consent.please_choose'));
      return askCurrent(turn);
    }
    case 'subscribe':
      if ((await answerSubscribe(turn, pending, event, choice)) === 'ignored') return handleIdle(turn, event, choice);
      return askNext(turn);
    case 'supplementOffer': {
      const yes = yesNoAnswer(turn, event, choice, 'confirm');
      if (yes === null) {
        if (choice) return stale(turn);
        say(turn, tr(turn, 'engine.please_yes_no'));
        return askCurrent(turn);
      }
      delete turn.session.pending;
      const d = yes ? await turn.deps.store.dossiers.get(pending.code) : null;
      if (d) {
        // The procedure in progress waits, untouched, until the supplement is sent.
        if (turn.session.flow) turn.session.parked = turn.session.flow;
        delete turn.session.flow;
        startSupplement(turn, d);
      } else if (yes) say(turn, tr(turn, 'engine.supplement.cannot', { code: pending.code }));
      return askCurrent(turn);
    }
    case 'confirm': {
      const yes = yesNoAnswer(turn, event, choice, 'confirm');
      if (yes === true) return confirmed(turn, pending.action);
      if (yes === false) {
        delete turn.session.pending;
        say(turn, tr(turn, 'engine.confirm.kept'));
        return askCurrent(turn);
      }
      if (choice) return stale(turn);
      say(turn, tr(turn, 'engine.please_yes_no'));
      return askCurrent(turn);
    }
    case 'pickFlow': {
      let flowId: string | undefined;
      if (choice?.kind === 'flow') flowId = choice.flowId;
      else if (choice) return stale(turn);
      else {
        const text = textOf(event);
        const labels = pending.options.map((id) => {
          const f = turn.deps.flows.get(id);
          return f ? pick(f.flow.title, turn.session.locale) : id;
        });
        const m = text === null ? null : turn.deps.nlu.matchOption(text, labels);
        if (m?.kind === 'match' && m.indexes.length === 1) flowId = pending.options[m.indexes[0]!];
      }
      delete turn.session.pending;
      if (flowId && turn.deps.flows.get(flowId)) {
        turn.session.pending = { kind: 'consent', flowId };
        return askCurrent(turn);
      }
      // Not one of the offered procedures: read the message afresh.
      return handleIdle(turn, event, null);
    }
    case 'editPick': {
      const active = activeFlow(turn);
      if (!active) {
        delete turn.session.pending;
        return askCurrent(turn);
      }
      if (choice?.kind === 'edit') return editStep(turn, active, choice.step);
      if (choice) return stale(turn);
      const text = textOf(event);
      const labels = summaryItems(active.flow, active.state).map((i) => pick(i.step.label, turn.session.locale));
      const m = text === null ? null : turn.deps.nlu.matchOption(text, labels);
      if (m?.kind === 'match' && m.indexes.length === 1) return editItem(turn, active, m.indexes[0]!);
      say(turn, tr(turn, 'engine.summary.no_such_item'));
      return askCurrent(turn);
    }
    case 'clarify': {
      // The question being clarified: a supplement item, or the current step of the procedure.
      const active = turn.session.supplement ? null : activeFlow(turn);
      const step = active?.flow.steps.get(active.state.value);
      const current = turn.session.supplement ? supplementStepId(turn) : step?.id;
      if (current !== pending.step) {
        delete turn.session.pending;
        return askCurrent(turn);
      }
      if (choice && !(choice.kind === 'pick' && choice.step === pending.step)) return stale(turn);
      const candidate = pickCandidate(turn, pending.candidates, event, choice);
      delete turn.session.pending;
      if (turn.session.supplement) {
        // Not one of the candidates: a new answer to the item.
        await (candidate ? acceptSupplement(turn, candidate.value) : answerSupplement(turn, event));
        return askNext(turn);
      }
      if (!active || !step) return askCurrent(turn);
      if (candidate) return accept(turn, active, step, candidate.value);
      // Not one of the candidates: treat it as a new answer to the step.
      return answerStep(turn, active, event);
    }
  }
}
