/**
 * @module Nothing in progress: work out which procedure the citizen wants (or a status
 * lookup, an official, help), ask which one when unsure, and say honestly when we can't help.
 */
import type { InboundEvent } from '../channels/channel.ts';
import { pick } from '../i18n/text.ts';
import type { ChoiceValue } from './choice-values.ts';
import { runCommand } from './commands.ts';
import { askCurrent, askNext, renderMenu } from './prompts.ts';
import { openSupplements, startSupplement } from './supplement.ts';
import { say, tr, type Turn } from './turn.ts';

/** Offers a procedure: a one-line summary, then the consent request. */
export function offerFlow(turn: Turn, flowId: string): void {
  const flow = turn.deps.flows.get(flowId);
  if (!flow) {
    turn.replies.push(renderMenu(turn, false));
    return;
  }
  say(turn, pick(flow.flow.summary, turn.session.locale));
  turn.session.pending = { kind: 'consent', flowId };
  askCurrent(turn);
}

/**
 * Officials asked for missing items of this chat's dossier: with nothing else in progress, the
 * next message from the citizen starts answering them. True when it did.
 */
export async function offerOpenSupplement(turn: Turn): Promise<boolean> {
  const d = (await openSupplements(turn))[0];
  if (!d) return false;
  startSupplement(turn, d);
  askNext(turn);
  return true;
}

export async function handleIdle(turn: Turn, event: InboundEvent, choice: ChoiceValue | null): Promise<void> {
  const waiting = choice ? undefined : (await openSupplements(turn))[0];
  if (waiting) {
    const decision = event.kind === 'text' ? turn.deps.nlu.detectIntent(event.text) : undefined;
    if (decision?.kind === 'intent' && turn.deps.flows.get(decision.intent)) {
      // They asked for another procedure: start it, and remind them what is waiting.
      say(turn, tr(turn, 'engine.supplement.reminder', { code: waiting.code }));
      return offerFlow(turn, decision.intent);
    }
    startSupplement(turn, waiting);
    return askNext(turn);
  }
  if (choice) {
    if (choice.kind === 'flow') return offerFlow(turn, choice.flowId);
    if (choice.kind === 'review' && choice.action === 'confirm' && turn.session.lastSubmission) {
      // A second tap on "confirm" after submitting: same dossier, said again.
      say(turn, tr(turn, 'engine.already_submitted', { code: turn.session.lastSubmission.code }));
      return;
    }
    say(turn, tr(turn, 'engine.stale_button'));
    turn.replies.push(renderMenu(turn, false));
    return;
  }
  if (event.kind !== 'text') {
    say(turn, tr(turn, 'engine.idle_media'));
    turn.replies.push(renderMenu(turn, false));
    return;
  }
  const decision = turn.deps.nlu.detectIntent(event.text);
  // A first "xin chào" (Zalo has no /start) deserves the greeting and the menu, not a refusal.
  const small = event.text.trim().split(/\s+/).length <= 4;
  if (turn.fresh && small && (decision.kind === 'none' || (decision.kind === 'intent' && decision.intent === 'help'))) {
    turn.replies.push(renderMenu(turn, true));
    return;
  }
  if (decision.kind === 'clarify') {
    turn.session.pending = { kind: 'pickFlow', options: decision.options };
    return askCurrent(turn);
  }
  if (decision.kind === 'none') {
    say(turn, turn.deps.nlu.outOfScopeReply(event.text, turn.session.locale));
    turn.replies.push(renderMenu(turn, false));
    return;
  }
  switch (decision.intent) {
    case 'status':
      return runCommand(turn, { name: 'status' });
    case 'human':
      return runCommand(turn, { name: 'human' });
    case 'help':
      return runCommand(turn, { name: 'help' });
    default:
      return offerFlow(turn, decision.intent);
  }
}
