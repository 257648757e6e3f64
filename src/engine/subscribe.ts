/**
 * @module Opt-in to the ward's guidance: "đăng ký nhận tin" (or yes to the offer after a
 * procedure) → consent (what is kept, why, the right to stop) → the ward (suggested from the
 * citizen's dossier, or typed, post-2025 wards) → topics → saved. "hủy nhận tin" stops at once.
 */
import type { InboundEvent, OutboundMessage } from '../channels/channel.ts';
import { TOPICS, type Topic } from '../broadcast/subscription.ts';
import type { Json } from '../fields/field-type.ts';
import type { Step } from '../flows/flow-schema.ts';
import { pick } from '../i18n/text.ts';
import { encodeChoice, type ChoiceValue } from './choice-values.ts';
import type { Pending } from './session.ts';
import { fieldMessage, fieldOf, say, tr, type Turn } from './turn.ts';

type SubscribePending = Extract<Pending, { kind: 'subscribe' }>;
type Ward = { code: string; name: string };

const WARD_STEP = '@sub-ward';
const TOPIC_STEP = '@sub-topics';
const ALL = 'all';

const chatKeyOf = (turn: Turn): string => `${turn.msg.channel}:${turn.msg.chatId}`;

/** A text of the locales in both languages (the pseudo steps below need flow-style texts). */
function both(turn: Turn, key: string): { vi: string; en: string } {
  return { vi: turn.deps.t('vi', key), en: turn.deps.t('en', key) };
}

function wardStep(turn: Turn): Extract<Step, { type: 'address' }> {
  const text = both(turn, 'engine.subscribe.ward_question');
  return { id: WARD_STEP, type: 'address', street: 'optional', ask: text, label: text, optional: false };
}

function topicLabel(turn: Turn, topic: Topic | typeof ALL): string {
  return tr(turn, `engine.subscribe.topic.${topic}`);
}

function topicStep(turn: Turn): Extract<Step, { type: 'choice' }> {
  return {
    id: TOPIC_STEP,
    type: 'choice',
    multiple: true,
    minSelected: 1,
    optional: false,
    ask: both(turn, 'engine.subscribe.topics_question'),
    label: both(turn, 'engine.subscribe.topics_question'),
    options: [...TOPICS, ALL].map((t) => ({ value: t, label: both(turn, `engine.subscribe.topic.${t}`), synonyms: [] })),
  };
}

/** The ward of the chat's latest dossier, if its address resolved to one: a suggestion. */
async function suggestedWard(turn: Turn): Promise<Ward | undefined> {
  const { dossiers, subscriptions } = turn.deps.store;
  const existing = await subscriptions.get(chatKeyOf(turn));
  if (existing?.wardCode && existing.ward) return { code: existing.wardCode, name: existing.ward };
  const all = await Promise.all((await dossiers.byChat(chatKeyOf(turn))).map((c) => dossiers.get(c)));
  const latest = all.filter((d) => d?.wardCode && d.ward).sort((a, b) => (b?.submittedAt ?? '').localeCompare(a?.submittedAt ?? ''))[0];
  return latest?.wardCode && latest.ward ? { code: latest.wardCode, name: latest.ward } : undefined;
}

/** "đăng ký nhận tin": starts the opt-in with the consent request. */
export async function startSubscribe(turn: Turn): Promise<void> {
  const suggested = await suggestedWard(turn);
  turn.session.pending = { kind: 'subscribe', stage: 'consent', ...(suggested ? { suggested } : {}) };
}

/**
 * After a submitted procedure: offer the guidance, unless the chat already receives it. Returns
 * the offer to append to the submission message (one message, one question), or null.
 */
export async function offerSubscribe(turn: Turn, ward: Ward | undefined): Promise<OutboundMessage | null> {
  if (await turn.deps.store.subscriptions.get(chatKeyOf(turn))) return null;
  const pending: SubscribePending = { kind: 'subscribe', stage: 'consent', offered: true, ...(ward ? { suggested: ward } : {}) };
  turn.session.pending = pending;
  return subscribePrompt(turn, pending);
}

export async function unsubscribe(turn: Turn): Promise<void> {
  const removed = await turn.deps.store.subscriptions.remove(chatKeyOf(turn));
  say(turn, tr(turn, removed ? 'engine.subscribe.stopped' : 'engine.subscribe.not_subscribed'));
}

export function subscribePrompt(turn: Turn, p: SubscribePending): OutboundMessage {
  const yesNo = (yes: string, no: string) => [
    { label: tr(turn, yes), value: encodeChoice({ kind: 'confirm', yes: true }) },
    { label: tr(turn, no), value: encodeChoice({ kind: 'confirm', yes: false }) },
  ];
  switch (p.stage) {
    case 'consent':
      return {
        text: [
          tr(turn, p.offered ? 'engine.subscribe.offer' : 'engine.subscribe.intro'),
          tr(turn, 'engine.subscribe.consent', { controller: pick(turn.deps.settings.controller, turn.session.locale) }),
        ].join('\n'),
        choices: yesNo('engine.subscribe.yes_button', 'engine.subscribe.no_button'),
      };
    case 'ward': {
      const options = p.candidates ?? (p.suggested ? [p.suggested] : []);
      const lines = [tr(turn, p.candidates ? 'engine.subscribe.ward_pick' : 'engine.subscribe.ward_question')];
      if (!p.candidates && p.suggested) lines.push(tr(turn, 'engine.subscribe.ward_suggested', { ward: p.suggested.name }));
      return {
        text: lines.join('\n'),
        choices: options.map((w, i) => ({ label: w.name, value: encodeChoice({ kind: 'answer', step: WARD_STEP, value: String(i) }) })),
      };
    }
    case 'topics': {
      // As a flow's multiple-choice step: taps tick topics one by one, "Xong" saves them.
      const picked = p.picked ?? [];
      const labels = TOPICS.filter((t) => picked.includes(t)).map((t) => topicLabel(turn, t));
      return {
        text: labels.length > 0 ? tr(turn, 'engine.multi.picked', { picked: labels.join(', ') }) : [tr(turn, 'engine.subscribe.topics_question'), tr(turn, 'engine.multi_hint')].join('\n'),
        choices: [
          ...topicStep(turn).options.map((o) => ({ label: `${picked.includes(o.value) ? '✓ ' : ''}${pick(o.label, turn.session.locale)}`, value: encodeChoice({ kind: 'answer', step: TOPIC_STEP, value: o.value }) })),
          ...(picked.length > 0 ? [{ label: tr(turn, 'engine.photo.done_button'), value: encodeChoice({ kind: 'cmd', command: 'done' }) }] : []),
        ],
      };
    }
  }
}

function yesNo(turn: Turn, event: InboundEvent, choice: ChoiceValue | null): boolean | null {
  if (choice) return choice.kind === 'confirm' ? choice.yes : null;
  return event.kind === 'text' ? turn.deps.nlu.yesNo(event.text) : null;
}

/**
 * Handles an answer while the opt-in dialog is open. 'ignored': the citizen answered an offer
 * they did not ask for with something else — the offer is dropped and the message read afresh.
 */
export async function answerSubscribe(turn: Turn, p: SubscribePending, event: InboundEvent, choice: ChoiceValue | null): Promise<'ignored' | void> {
  switch (p.stage) {
    case 'consent': {
      const yes = yesNo(turn, event, choice);
      if (yes === null && p.offered) {
        delete turn.session.pending;
        return 'ignored';
      }
      if (yes === null) {
        say(turn, tr(turn, 'engine.please_yes_no'));
        return;
      }
      if (!yes) {
        delete turn.session.pending;
        say(turn, tr(turn, 'engine.subscribe.declined'));
        return;
      }
      turn.session.pending = { ...p, stage: 'ward' };
      return;
    }
    case 'ward': {
      const options = p.candidates ?? (p.suggested ? [p.suggested] : []);
      if (choice?.kind === 'answer' && choice.step === WARD_STEP) {
        const w = options[Number(choice.value)];
        if (w) turn.session.pending = { kind: 'subscribe', stage: 'topics', ward: w };
        return;
      }
      if (choice) return say(turn, tr(turn, 'engine.stale_button'));
      const r = await fieldOf(turn.deps.fields, wardStep(turn)).parse(event, wardStep(turn), {
        locale: turn.session.locale,
        now: turn.now,
        answers: {},
        steps: [],
        media: turn.deps.media,
        photoLimits: turn.deps.settings.photoLimits,
      });
      if (r.ok === false) return say(turn, fieldMessage(turn, r.error));
      if (r.ok === 'clarify') {
        const candidates = r.candidates.map((c) => wardOf(c.value)).filter((w): w is Ward => !!w);
        turn.session.pending = { ...p, candidates };
        return;
      }
      const w = wardOf(r.value);
      if (!w) return say(turn, tr(turn, 'engine.subscribe.ward_question'));
      turn.session.pending = { kind: 'subscribe', stage: 'topics', ward: w };
      return;
    }
    case 'topics': {
      if (choice?.kind === 'answer' && choice.step === TOPIC_STEP) return tapTopic(turn, p, choice.value);
      const step = topicStep(turn);
      const r = await fieldOf(turn.deps.fields, step).parse(
        event,
        step,
        { locale: turn.session.locale, now: turn.now, answers: {}, steps: [], media: turn.deps.media, photoLimits: turn.deps.settings.photoLimits },
      );
      if (r.ok !== true) return say(turn, r.ok === false ? fieldMessage(turn, r.error) : tr(turn, 'engine.subscribe.topics_question'));
      const picked = (Array.isArray(r.value) ? r.value : [r.value]).filter((v): v is string => typeof v === 'string');
      const topics: Topic[] = picked.includes(ALL) ? [...TOPICS] : TOPICS.filter((t) => picked.includes(t));
      return saveTopics(turn, p, topics);
    }
  }
}

/** A tap on a topic ticks it or takes it back; "all", or every topic ticked, saves at once. */
async function tapTopic(turn: Turn, p: SubscribePending, value: string): Promise<void> {
  if (value === ALL) return saveTopics(turn, p, [...TOPICS]);
  // A button from some other list: the question again, nothing changed.
  if (!(TOPICS as readonly string[]).includes(value)) return;
  const before = p.picked ?? [];
  const picked = before.includes(value) ? before.filter((v) => v !== value) : [...before, value];
  if (picked.length === TOPICS.length) return saveTopics(turn, p, [...TOPICS]);
  p.picked = picked;
}

/** "Xong" on the topics question: saves the topics tapped so far (at least one). */
export async function finishTopics(turn: Turn, p: SubscribePending): Promise<void> {
  const topics = TOPICS.filter((t) => p.picked?.includes(t));
  if (topics.length === 0) return say(turn, tr(turn, 'engine.multi.none'));
  return saveTopics(turn, p, topics);
}

async function saveTopics(turn: Turn, p: SubscribePending, topics: Topic[]): Promise<void> {
  if (topics.length === 0 || !p.ward) return say(turn, tr(turn, 'engine.subscribe.topics_question'));
  await turn.deps.store.subscriptions.put({
    channel: turn.msg.channel,
    chatId: turn.msg.chatId,
    locale: turn.session.locale,
    wardCode: p.ward.code,
    ward: p.ward.name,
    topics,
    since: turn.now.toISOString(),
  });
  delete turn.session.pending;
  say(turn, tr(turn, 'engine.subscribe.saved', { ward: p.ward.name, topics: topics.map((t) => topicLabel(turn, t)).join(', ') }));
}

function wardOf(v: Json): Ward | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const { wardCode, ward } = v;
  return typeof wardCode === 'string' && typeof ward === 'string' ? { code: wardCode, name: ward } : undefined;
}
