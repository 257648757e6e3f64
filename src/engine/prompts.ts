/**
 * @module "What are we waiting for?" — renders the one open question of a chat: a pending
 * prompt (consent, confirmation, which procedure, which candidate), the current step, the
 * summary, or, with nothing in progress, the menu of procedures.
 */
import type { OutboundMessage } from '../channels/channel.ts';
import { pick } from '../i18n/text.ts';
import { encodeChoice } from './choice-values.ts';
import { renderConsent } from './consent.ts';
import { activeFlow, isReviewing } from './flow-driver.ts';
import { renderStep } from './render-step.ts';
import { supplementPrompt } from './supplement.ts';
import { subscribePrompt } from './subscribe.ts';
import { renderEditPick, renderSummary } from './render-summary.ts';
import { fieldMessage, tr, type Turn } from './turn.ts';

export function renderMenu(turn: Turn, greeting: boolean): OutboundMessage {
  const { locale } = turn.session;
  return {
    text: [greeting ? tr(turn, 'engine.menu.greeting') : tr(turn, 'engine.menu.what'), tr(turn, 'engine.menu.examples')].join('\n'),
    choices: turn.deps.flows.all().map((f) => ({ label: pick(f.flow.title, locale), value: encodeChoice({ kind: 'flow', flowId: f.flow.id }) })),
  };
}

export function renderFlowPick(turn: Turn, flowIds: string[]): OutboundMessage {
  const { locale } = turn.session;
  return {
    text: tr(turn, 'engine.pick_flow'),
    choices: flowIds.flatMap((id) => {
      const f = turn.deps.flows.get(id);
      return f ? [{ label: pick(f.flow.title, locale), value: encodeChoice({ kind: 'flow', flowId: id }) }] : [];
    }),
  };
}

/** The open question, or null when nothing is in progress. */
export function currentPrompt(turn: Turn): OutboundMessage | null {
  const { pending } = turn.session;
  const active = activeFlow(turn);
  if (pending) {
    switch (pending.kind) {
      case 'consent': {
        const flow = turn.deps.flows.get(pending.flowId);
        if (flow) return renderConsent(turn, flow);
        break;
      }
      case 'pickFlow':
        return renderFlowPick(turn, pending.options);
      case 'confirm':
        return {
          text: tr(turn, `engine.confirm.${pending.action}`),
          choices: [
            { label: tr(turn, 'engine.yes'), value: encodeChoice({ kind: 'confirm', yes: true }) },
            { label: tr(turn, 'engine.no'), value: encodeChoice({ kind: 'confirm', yes: false }) },
          ],
        };
      case 'editPick':
        if (active) return renderEditPick(turn, active.flow, active.state);
        break;
      case 'subscribe':
        return subscribePrompt(turn, pending);
      case 'supplementOffer':
        return {
          text: tr(turn, 'engine.supplement.offer', { code: pending.code }),
          choices: [
            { label: tr(turn, 'engine.supplement.now_button'), value: encodeChoice({ kind: 'confirm', yes: true }) },
            { label: tr(turn, 'engine.supplement.continue_button'), value: encodeChoice({ kind: 'confirm', yes: false }) },
          ],
        };
      case 'clarify':
        return {
          text: fieldMessage(turn, pending.question),
          choices: pending.candidates.map((c, index) => ({ label: c.label, value: encodeChoice({ kind: 'pick', step: pending.step, index }) })),
        };
    }
  }
  if (turn.session.supplement) return supplementPrompt(turn);
  if (!active) return null;
  if (isReviewing(active.state)) return renderSummary(turn, active.flow, active.state);
  const step = active.flow.steps.get(active.state.value);
  return step ? renderStep(turn, active.flow, active.state, step) : null;
}

/** Asks the open question again, or shows the menu when nothing is in progress. */
export function askCurrent(turn: Turn): void {
  turn.replies.push(currentPrompt(turn) ?? renderMenu(turn, false));
}

/** Asks the open question if there is one (after a supplement is sent there may be none). */
export function askNext(turn: Turn): void {
  const prompt = currentPrompt(turn);
  if (prompt) turn.replies.push(prompt);
}
