/**
 * @module Global commands, available at every step whether typed ("quay lại", "huy", "/help")
 * or tapped: help, back, cancel, restart, repeat, skip, done, language, delete my data,
 * talk to an official, status. Destructive ones ask for confirmation first.
 */
import { pick } from '../i18n/text.ts';
import type { CommandName } from './choice-values.ts';
import { activeFlow, advance, discardMedia, isReviewing, mediaOf, startFlow } from './flow-driver.ts';
import type { Command } from './language-understanding.ts';
import { askCurrent, askNext, renderMenu } from './prompts.ts';
import { finishTopics, startSubscribe, unsubscribe } from './subscribe.ts';
import { finishSupplementPhotos, leaveSupplement, openSupplements, startSupplement, supplementBack } from './supplement.ts';
import { finishDraft } from './answer-step.ts';
import { showStatus } from './status.ts';
import { say, tr, type Turn } from './turn.ts';

function confirmFirst(turn: Turn, action: 'cancel' | 'restart' | 'delete'): void {
  turn.session.pending = { kind: 'confirm', action };
  askCurrent(turn);
}

/** Commands while answering a supplement request; false when the command works as usual there. */
async function supplementCommand(turn: Turn, name: CommandName | 'language' | 'status'): Promise<boolean> {
  const s = turn.session.supplement;
  if (!s) return false;
  switch (name) {
    case 'back':
      supplementBack(turn);
      break;
    case 'cancel':
      // Nothing is lost: the request stays open, "bổ sung" picks it up again.
      leaveSupplement(turn);
      break;
    case 'restart':
      s.index = 0;
      s.answers = {};
      s.draft = [];
      break;
    case 'skip':
      say(turn, tr(turn, 'engine.required'));
      break;
    case 'done':
      if (!(await finishSupplementPhotos(turn))) say(turn, tr(turn, 'engine.nothing_to_skip'));
      break;
    case 'supplement':
    case 'repeat':
    case 'menu':
      break;
    default:
      return false;
  }
  askNext(turn);
  return true;
}

/** "Bổ sung": answer officials' open request now (a procedure in progress is parked first). */
async function beginSupplement(turn: Turn): Promise<void> {
  const open = await openSupplements(turn);
  const d = open[0];
  if (!d) {
    say(turn, tr(turn, 'engine.supplement.none'));
    askNext(turn);
    return;
  }
  if (activeFlow(turn)) {
    turn.session.pending = { kind: 'supplementOffer', code: d.code };
    askCurrent(turn);
    return;
  }
  startSupplement(turn, d);
  askNext(turn);
}

export async function runCommand(turn: Turn, cmd: Command): Promise<void> {
  const active = activeFlow(turn);
  const name: CommandName | 'language' | 'status' = cmd.name;
  if (await supplementCommand(turn, name)) return;
  switch (name) {
    case 'supplement':
      return beginSupplement(turn);
    case 'subscribe':
      await startSubscribe(turn);
      return askCurrent(turn);
    case 'unsubscribe':
      await unsubscribe(turn);
      return askNext(turn);
    case 'help': {
      const step = active && !isReviewing(active.state) ? active.flow.steps.get(active.state.value) : undefined;
      const lines = [tr(turn, active ? 'engine.help.in_flow' : 'engine.help.idle')];
      if (step?.help) lines.unshift(pick(step.help, turn.session.locale));
      say(turn, lines.join('\n\n'));
      if (active || turn.session.pending) askCurrent(turn);
      return;
    }
    case 'repeat':
      askCurrent(turn);
      return;
    case 'menu':
      if (active) askCurrent(turn);
      else turn.replies.push(renderMenu(turn, false));
      return;
    case 'language': {
      const locale = cmd.name === 'language' && cmd.locale ? cmd.locale : turn.session.locale === 'vi' ? 'en' : 'vi';
      turn.session.locale = locale;
      say(turn, tr(turn, 'engine.language_set'));
      // The open question (or the menu) again, now in the new language.
      askCurrent(turn);
      return;
    }
    case 'human':
      say(turn, tr(turn, 'engine.human', { office: pick(turn.deps.settings.office, turn.session.locale) }));
      if (active || turn.session.pending) askCurrent(turn);
      return;
    case 'status':
      await showStatus(turn, cmd.name === 'status' ? cmd.code : undefined);
      if (active || turn.session.pending) askCurrent(turn);
      return;
    case 'delete':
      confirmFirst(turn, 'delete');
      return;
    case 'cancel':
    case 'restart':
      if (!active) {
        delete turn.session.pending;
        say(turn, tr(turn, 'engine.nothing_in_progress'));
        turn.replies.push(renderMenu(turn, false));
        return;
      }
      confirmFirst(turn, name);
      return;
    case 'back':
      if (!active) return askCurrent(turn);
      delete turn.session.pending;
      if (!(await advance(turn, active, { type: 'BACK' }))) say(turn, tr(turn, 'engine.back_first'));
      askCurrent(turn);
      return;
    case 'skip': {
      if (!active) return askCurrent(turn);
      const step = active.flow.steps.get(active.state.value);
      if (step?.optional) {
        delete turn.session.pending;
        await advance(turn, active, { type: 'SKIP' });
      } else say(turn, tr(turn, isReviewing(active.state) ? 'engine.nothing_to_skip' : 'engine.required'));
      askCurrent(turn);
      return;
    }
    case 'done': {
      const pending = turn.session.pending;
      if (pending?.kind === 'subscribe' && pending.stage === 'topics') {
        await finishTopics(turn, pending);
        // As after any answer to the dialog: the open question, if one is left (none once saved).
        return askNext(turn);
      }
      if (active && active.flow.steps.has(active.state.value)) return finishDraft(turn, active);
      askCurrent(turn);
      return;
    }
  }
}

/** Carries out a confirmed destructive command. */
export async function confirmed(turn: Turn, action: 'cancel' | 'restart' | 'delete'): Promise<void> {
  delete turn.session.pending;
  const active = activeFlow(turn);
  if (action === 'delete') {
    await eraseChat(turn);
    return;
  }
  if (!active) {
    askCurrent(turn);
    return;
  }
  if (action === 'cancel') {
    await advance(turn, active, { type: 'CANCEL' });
    turn.replies.push(renderMenu(turn, false));
    return;
  }
  // Restart: same procedure, same consent, a fresh run with nothing carried over.
  await discardMedia(turn, mediaOf(active.flow, active.state));
  const consentAt = turn.session.flow?.consentAt;
  startFlow(turn, active.flow);
  if (turn.session.flow && consentAt) turn.session.flow.consentAt = consentAt;
  say(turn, tr(turn, 'engine.restarted'));
  askCurrent(turn);
}

/** "Delete my data": the session, unfinished photos, the chat log and links to dossiers. */
async function eraseChat(turn: Turn): Promise<void> {
  const active = activeFlow(turn);
  if (active) await discardMedia(turn, mediaOf(active.flow, active.state));
  const key = `${turn.msg.channel}:${turn.msg.chatId}`;
  await turn.deps.store.chatLog.delete(key);
  await turn.deps.store.subscriptions.remove(key);
  await turn.deps.store.dossiers.unlinkChat(key);
  turn.erased = true;
  say(turn, tr(turn, 'engine.erased'));
}
