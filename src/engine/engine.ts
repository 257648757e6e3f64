/**
 * @module The channel-neutral conversation engine: `handle(inbound) → outbound[]`.
 * Per message: drop a redelivery → take the chat's turn (strict order, across processes with
 * Redis) → read and validate the session → commands, pending prompts, the procedure → save
 * once → replies. It never imports an SDK or a database client.
 */
import type { InboundMessage, Locale, OutboundMessage } from '../channels/channel.ts';
import { pick } from '../i18n/text.ts';
import { answerReview, answerStep, editStep } from './answer-step.ts';
import { decodeChoice, type ChoiceValue } from './choice-values.ts';
import { runCommand } from './commands.ts';
import { activeFlow, advance, isReviewing } from './flow-driver.ts';
import { handleIdle, offerFlow, offerOpenSupplement } from './idle.ts';
import type { Command } from './language-understanding.ts';
import { migrateRun } from './migrate-session.ts';
import { handlePending } from './pending.ts';
import { askCurrent, askNext, currentPrompt, renderMenu } from './prompts.ts';
import { matchFollowCommand, removeFollower, runFollowCommand } from './follow.ts';
import { linkOfficialChat } from './link-official.ts';
import { answerSupplement, supplementStepId } from './supplement.ts';
import { isEmptySession, readSession, type Session } from './session.ts';
import { say, tr, type EngineDeps, type Turn } from './turn.ts';
import { heldDeps } from './held-deps.ts';
import { isMotcuaError } from '../errors.ts';
import type { ChatTurn } from '../store/store.ts';

export interface Engine {
  handle(msg: InboundMessage): Promise<OutboundMessage[]>;
}

function freshSession(deps: EngineDeps, msg: InboundMessage, now: Date): Session {
  return { v: 1, locale: msg.locale ?? deps.settings.defaultLocale, updatedAt: now.toISOString() };
}

/** Moves a run saved under an old flow version onto the current one, and says so. */
function reconcileVersion(turn: Turn): void {
  const run = turn.session.flow;
  if (!run) return;
  const flow = turn.deps.flows.get(run.id);
  if (flow && flow.flow.version === run.version) return;
  if (!flow) {
    delete turn.session.flow;
    delete turn.session.pending;
    say(turn, tr(turn, 'engine.flow_gone'));
    return;
  }
  turn.session.flow = migrateRun(run, flow);
  delete turn.session.pending;
  say(turn, tr(turn, 'engine.flow_updated', { title: pick(flow.flow.title, turn.session.locale) }));
}

function commandOf(turn: Turn, msg: InboundMessage, choice: ChoiceValue | null): Command | null {
  if (choice?.kind === 'cmd') return { name: choice.command };
  if (choice?.kind === 'lang') return { name: 'language', locale: choice.locale };
  if (msg.event.kind !== 'text') return null;
  const active = activeFlow(turn);
  const step = active && !turn.session.pending ? active.flow.steps.get(active.state.value) : undefined;
  return turn.deps.nlu.matchCommand(msg.event.text, step ? { step: step.type } : {});
}

/**
 * A bare number answers the open question's n-th choice — on every channel, and it is the only
 * way on Zalo, where choices are a numbered list (design.md). Number steps keep their numbers.
 */
function numberedChoice(turn: Turn): ChoiceValue | null {
  const { event } = turn.msg;
  if (event.kind !== 'text') return null;
  const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(event.text);
  if (!n) return null;
  const active = activeFlow(turn);
  if (!turn.session.pending && active?.flow.steps.get(active.state.value)?.type === 'number') return null;
  const supplementing = turn.session.supplement && turn.deps.flows.get(turn.session.supplement.flowId)?.steps.get(supplementStepId(turn) ?? '');
  if (!turn.session.pending && supplementing?.type === 'number') return null;
  const prompt = currentPrompt(turn) ?? renderMenu(turn, false);
  const picked = prompt.choices?.[Number(n[1]) - 1];
  return picked ? decodeChoice(picked.value) : null;
}

/** An offer nobody asked for (news after a procedure) gives way to whatever the citizen does next. */
function dropOffer(turn: Turn): void {
  if (turn.session.pending?.kind === 'subscribe' && turn.session.pending.offered) delete turn.session.pending;
}

async function dispatch(turn: Turn): Promise<void> {
  const { event } = turn.msg;
  if (event.kind === 'unsupported') {
    say(turn, tr(turn, `engine.unsupported.${event.what}`));
    if (turn.session.flow || turn.session.pending) askCurrent(turn);
    return;
  }
  if (await linkOfficialChat(turn, turn.deps.officialLinks)) return askNext(turn);
  if (event.kind === 'start') {
    const payload = event.payload?.trim();
    if (turn.session.flow) {
      say(turn, tr(turn, 'engine.welcome_back'));
      return askCurrent(turn);
    }
    if (payload && turn.deps.flows.get(payload)) return offerFlow(turn, payload);
    if (await offerOpenSupplement(turn)) return;
    turn.replies.push(renderMenu(turn, true));
    return;
  }
  const choice = event.kind === 'choice' ? decodeChoice(event.value) : numberedChoice(turn);
  if (event.kind === 'choice' && !choice) {
    say(turn, tr(turn, 'engine.stale_button'));
    return askCurrent(turn);
  }
  if (event.kind === 'text') {
    const follow = matchFollowCommand(event.text);
    if (follow) {
      dropOffer(turn);
      await runFollowCommand(turn, follow);
      return askNext(turn);
    }
  }
  if (choice?.kind === 'unfollow') {
    await removeFollower(turn, choice.code, choice.index);
    return askNext(turn);
  }
  if (choice?.kind === 'review' && choice.action === 'confirm' && !activeFlow(turn) && turn.session.lastSubmission) {
    // A second tap on "confirm" after submitting: same dossier, said again.
    say(turn, tr(turn, 'engine.already_submitted', { code: turn.session.lastSubmission.code }));
    return askNext(turn);
  }
  const command = commandOf(turn, turn.msg, choice);
  if (command) {
    dropOffer(turn);
    return runCommand(turn, command);
  }
  if (turn.session.pending) return handlePending(turn, turn.session.pending, event, choice);
  if (turn.session.supplement) {
    const step = supplementStepId(turn);
    if (choice && !(choice.kind === 'answer' && choice.step === step)) {
      say(turn, tr(turn, 'engine.stale_button'));
      return askNext(turn);
    }
    await answerSupplement(turn, choice?.kind === 'answer' ? { kind: 'choice', value: choice.value } : event);
    return askNext(turn);
  }
  const active = activeFlow(turn);
  if (!active) return handleIdle(turn, event, choice);
  const reviewing = isReviewing(active.state);
  if (choice) {
    if (choice.kind === 'answer' && choice.step === active.state.value) return answerStep(turn, active, { kind: 'choice', value: choice.value });
    if (choice.kind === 'review' && reviewing) {
      if (choice.action === 'confirm') {
        await advance(turn, active, { type: 'CONFIRM' });
        return;
      }
      turn.session.pending = { kind: 'editPick' };
      return askCurrent(turn);
    }
    if (choice.kind === 'edit' && reviewing) return editStep(turn, active, choice.step);
    if (choice.kind === 'flow') {
      say(turn, tr(turn, 'engine.busy_with', { title: pick(active.flow.flow.title, turn.session.locale) }));
      return askCurrent(turn);
    }
    say(turn, tr(turn, 'engine.stale_button'));
    return askCurrent(turn);
  }
  if (reviewing) return event.kind === 'text' ? answerReview(turn, active, event.text) : askCurrent(turn);
  return answerStep(turn, active, event);
}

/** Events handled in microseconds, with nothing to download or decode: their turns may be speculative. */
const QUICK = new Set<InboundMessage['event']['kind']>(['text', 'choice', 'start']);

/** What a handled message leaves: its replies, and its commit on the way. */
interface Handled {
  replies: OutboundMessage[];
  committed: Promise<ChatTurn | null>;
}

/**
 * Handles `msg` on `chat` and starts the commit. Its own function so that the turn's session
 * objects die with its frame: V8 keeps an async function's locals alive across an await even
 * when they are no longer used, and under load what a turn holds across its commit's round
 * trip is what survives scavenges.
 */
async function handleOn(deps: EngineDeps, msg: InboundMessage, chat: ChatTurn, now: Date, failed: { locale: Locale }): Promise<Handled> {
  const read = readSession(chat.session);
  // A fresh session only when none was read (most messages continue a stored one).
  const session = read.ok && read.session ? read.session : freshSession(deps, msg, now);
  failed.locale = session.locale;
  const turn: Turn = { msg, deps: chat.speculative ? heldDeps(deps, () => chat.hold()) : deps, now, session, replies: [], erased: false, fresh: chat.session === null };
  if (!read.ok) {
    // Never trust a session that does not parse; start over and say so.
    deps.log.warn({ chat: `${msg.channel}:${msg.chatId}`, reason: read.reason }, 'stored session did not parse; starting over');
    say(turn, tr(turn, 'engine.session_lost'));
  }
  reconcileVersion(turn);
  try {
    await dispatch(turn);
  } finally {
    // A language switched before a failure is the language of the error reply.
    failed.locale = turn.session.locale;
  }
  turn.session.updatedAt = now.toISOString();
  const empty = turn.erased || isEmptySession(turn.session, deps.settings.defaultLocale);
  return { replies: turn.replies, committed: chat.commit(empty ? (chat.session === null ? undefined : null) : JSON.stringify(turn.session)) };
}

/**
 * One attempt at handling `msg` on `chat`: the replies, or — when a speculative turn's session
 * changed meanwhile — the locked turn to handle it again on (nothing of this attempt was stored).
 */
async function attempt(deps: EngineDeps, msg: InboundMessage, chat: ChatTurn, now: Date): Promise<OutboundMessage[] | ChatTurn> {
  // The language of an error reply: the session's, as far as it was read.
  const failed = { locale: msg.locale ?? deps.settings.defaultLocale };
  try {
    const { replies, committed } = await handleOn(deps, msg, chat, now, failed);
    return (await committed) ?? replies;
  } catch (e) {
    // A handler stopped at a hold() that found the session changed: start over, nothing was stored.
    if (isMotcuaError(e, 'SESSION_STALE')) {
      const redo = await chat.commit(undefined).catch(() => null);
      if (redo) return redo;
    }
    await chat.release().catch(() => {});
    deps.log.error({ chat: `${msg.channel}:${msg.chatId}`, err: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined }, 'message handling failed');
    // The session is unchanged; the citizen can simply send the message again.
    return [{ text: deps.t(failed.locale, 'engine.internal_error') }];
  }
}

export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.now ?? (() => new Date());
  return {
    async handle(msg) {
      let chat = await deps.store.sessions.begin(`${msg.channel}:${msg.chatId}`, msg.messageId, { quick: QUICK.has(msg.event.kind) });
      // At most twice: a turn to handle the message again on is locked, so it cannot go stale.
      for (;;) {
        if (chat.duplicate) {
          await chat.release();
          return [];
        }
        const outcome = await attempt(deps, msg, chat, clock());
        if (Array.isArray(outcome)) return outcome;
        chat = outcome;
      }
    },
  };
}
