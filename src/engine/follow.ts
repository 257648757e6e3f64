/**
 * @module Family followers. The submitter shares a follow code (dossier code + 6-digit PIN);
 * a relative who sends "theo dõi HS-7K2M-9QXD 482913" — on any channel — follows the dossier
 * and receives the same status messages. Wrong PINs are rate-limited per chat and per dossier;
 * the owner lists and removes followers.
 */
import type { Dossier } from '../dossiers/dossier.ts';
import { newFollowPin, pinMatches } from '../dossiers/follow-pin.ts';
import { parseTrackingCode } from '../dossiers/tracking-code.ts';
import { fold } from '../nlu/fold.ts';
import { encodeChoice } from './choice-values.ts';
import { statusLine } from './status.ts';
import { say, tr, type Turn } from './turn.ts';

/** Follow attempts per chat, and wrong PINs per dossier, allowed in an hour. */
const MAX_TRIES_PER_CHAT = 5;
const MAX_WRONG_PER_DOSSIER = 10;
const WINDOW_S = 3600;

const CODE = String.raw`(hs[\s-]*[2-9a-hj-np-z]{4}[\s-]*[2-9a-hj-np-z]{4}|[2-9a-hj-np-z]{4}[\s-]*[2-9a-hj-np-z]{4})`;

export type FollowCommand =
  | { kind: 'share'; code?: string }
  | { kind: 'follow'; code: string; pin: string }
  | { kind: 'followers'; code?: string }
  | { kind: 'unfollow'; code: string };

// Compiled once: every message of every chat is tried against them.
const FOLLOW = new RegExp(String.raw`^(?:theo doi|follow)\s+${CODE}\s+(?:ma\s+|pin\s+)?(\d{6})$`);
const SHARE = new RegExp(String.raw`^(?:chia se(?: ho so)?|ma theo doi|cho nguoi than theo doi|share(?: dossier)?)(?:\s+${CODE})?$`);
const FOLLOWERS = new RegExp(String.raw`^(?:nguoi theo doi|danh sach nguoi theo doi|followers)(?:\s+${CODE})?$`);
const UNFOLLOW = new RegExp(String.raw`^(?:bo theo doi|ngung theo doi|unfollow)\s+${CODE}$`);

/** The first words of the follow commands, folded (FOLLOW, SHARE, FOLLOWERS and UNFOLLOW above). */
const FIRST_WORDS = new Set(['theo', 'follow', 'chia', 'ma', 'cho', 'share', 'nguoi', 'danh', 'followers', 'bo', 'ngung', 'unfollow']);
const FIRST_WORD = /[\p{L}\p{N}\p{M}]+/u;

/**
 * Whether `text` may be a follow command, folding only its first word (every text message is
 * tried, and names start with "Nguyễn"): the first word of `fold(text)` is the first word of the
 * fold of its first run of letters, digits and marks — what precedes that run folds to nothing
 * (checked over every code point and two million random texts).
 */
function mayFollow(text: string): boolean {
  const word = FIRST_WORD.exec(text)?.[0];
  if (word === undefined) return false;
  // An ASCII run of letters and digits folds to its lower case.
  const head = (/^[\x00-\x7f]*$/.test(word) ? word.toLowerCase() : fold(word)).split(' ')[0]!;
  return head === '' || FIRST_WORDS.has(head);
}

/** Recognises the follow commands in a text (folded, so "theo doi" and "theo dõi" both work). */
export function matchFollowCommand(text: string): FollowCommand | null {
  if (!mayFollow(text)) return null;
  const f = fold(text);
  if (f.length > 80) return null;
  let m = FOLLOW.exec(f);
  if (m) {
    const code = parseTrackingCode(m[1]!);
    return code ? { kind: 'follow', code, pin: m[2]! } : null;
  }
  m = SHARE.exec(f);
  if (m) {
    const code = m[1] ? parseTrackingCode(m[1]) : undefined;
    return code === null ? null : { kind: 'share', ...(code ? { code } : {}) };
  }
  m = FOLLOWERS.exec(f);
  if (m) {
    const code = m[1] ? parseTrackingCode(m[1]) : undefined;
    return code === null ? null : { kind: 'followers', ...(code ? { code } : {}) };
  }
  m = UNFOLLOW.exec(f);
  if (m) {
    const code = parseTrackingCode(m[1]!);
    return code ? { kind: 'unfollow', code } : null;
  }
  return null;
}

const chatKeyOf = (turn: Turn): string => `${turn.msg.channel}:${turn.msg.chatId}`;

function ownedBy(turn: Turn, d: Dossier): boolean {
  return d.submitter.channel === turn.msg.channel && d.submitter.chatId === turn.msg.chatId;
}

/** The dossier named, or the chat's most recent own dossier. */
async function ownDossier(turn: Turn, code: string | undefined): Promise<Dossier | null> {
  const { dossiers } = turn.deps.store;
  if (code) {
    const d = await dossiers.get(code);
    return d && ownedBy(turn, d) ? d : null;
  }
  const all = await Promise.all((await dossiers.byChat(chatKeyOf(turn))).map((c) => dossiers.get(c)));
  return all.filter((d): d is Dossier => !!d && ownedBy(turn, d)).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0] ?? null;
}

export async function runFollowCommand(turn: Turn, cmd: FollowCommand): Promise<void> {
  switch (cmd.kind) {
    case 'share':
      return share(turn, cmd.code);
    case 'follow':
      return follow(turn, cmd.code, cmd.pin);
    case 'followers':
      return listFollowers(turn, cmd.code);
    case 'unfollow':
      return unfollow(turn, cmd.code);
  }
}

async function share(turn: Turn, code: string | undefined): Promise<void> {
  const d = await ownDossier(turn, code);
  if (!d) {
    say(turn, tr(turn, 'engine.follow.no_own_dossier'));
    return;
  }
  // A new PIN each time: an old one someone should no longer have stops working.
  const { pin, record } = await newFollowPin(turn.now);
  await turn.deps.store.dossiers.update(d.code, (x) => ({ ...x, followPin: record }));
  say(turn, tr(turn, 'engine.follow.shared', { code: d.code, pin }));
}

async function follow(turn: Turn, code: string, pin: string): Promise<void> {
  const { counters, dossiers } = turn.deps.store;
  // Every attempt counts against the chat; wrong ones also against the dossier, so a PIN cannot
  // be guessed from many chats either.
  const attempts = await counters.hit(`follow-try:${chatKeyOf(turn)}`, WINDOW_S);
  if (attempts > MAX_TRIES_PER_CHAT || (await counters.count(`follow-wrong:${code}`)) >= MAX_WRONG_PER_DOSSIER) {
    say(turn, tr(turn, 'engine.follow.too_many'));
    return;
  }
  const d = await dossiers.get(code);
  // Unknown code, no PIN yet, or a wrong PIN all read the same: nothing about the dossier leaks.
  if (!d || !d.followPin || !(await pinMatches(d.followPin, pin))) {
    await counters.hit(`follow-wrong:${code}`, WINDOW_S);
    say(turn, tr(turn, 'engine.follow.wrong'));
    return;
  }
  if (ownedBy(turn, d) || d.followers.some((f) => f.channel === turn.msg.channel && f.chatId === turn.msg.chatId)) {
    say(turn, tr(turn, 'engine.follow.already', { code: d.code }));
    return;
  }
  const me = { channel: turn.msg.channel, chatId: turn.msg.chatId, locale: turn.session.locale };
  const updated = await dossiers.update(d.code, (x) => ({
    ...x,
    followers: [...x.followers, { ...me, since: turn.now.toISOString() }],
    notify: [...x.notify, me],
  }));
  if (!updated) return;
  say(turn, tr(turn, 'engine.follow.following', { code: d.code }));
  say(turn, statusLine(turn, updated));
}

async function listFollowers(turn: Turn, code: string | undefined): Promise<void> {
  const d = await ownDossier(turn, code);
  if (!d) {
    say(turn, tr(turn, 'engine.follow.no_own_dossier'));
    return;
  }
  if (d.followers.length === 0) {
    say(turn, tr(turn, 'engine.follow.none', { code: d.code }));
    return;
  }
  const channelName = (c: string): string => tr(turn, `engine.follow.channel.${c}`);
  const lines = d.followers.map((f, i) => `${i + 1}. ${channelName(f.channel)} …${f.chatId.slice(-4)} (${tr(turn, 'engine.follow.since', { date: f.since.slice(0, 10) })})`);
  turn.replies.push({
    text: [tr(turn, 'engine.follow.list', { code: d.code }), ...lines, tr(turn, 'engine.follow.remove_hint')].join('\n'),
    choices: d.followers.map((f, i) => ({ label: tr(turn, 'engine.follow.remove_button', { n: i + 1 }), value: encodeChoice({ kind: 'unfollow', code: d.code, index: i }) })),
  });
}

/** The owner removes follower `index` (as listed). */
export async function removeFollower(turn: Turn, code: string, index: number): Promise<void> {
  const d = await ownDossier(turn, code);
  const f = d?.followers[index];
  if (!d || !f) {
    say(turn, tr(turn, 'engine.stale_button'));
    return;
  }
  await turn.deps.store.dossiers.update(d.code, (x) => withoutFollower(x, f.channel, f.chatId));
  say(turn, tr(turn, 'engine.follow.removed', { n: index + 1, code: d.code }));
}

async function unfollow(turn: Turn, code: string): Promise<void> {
  const d = await turn.deps.store.dossiers.get(code);
  if (!d || !d.followers.some((f) => f.channel === turn.msg.channel && f.chatId === turn.msg.chatId)) {
    say(turn, tr(turn, 'engine.status.not_found'));
    return;
  }
  await turn.deps.store.dossiers.update(code, (x) => withoutFollower(x, turn.msg.channel, turn.msg.chatId));
  say(turn, tr(turn, 'engine.follow.unfollowed', { code }));
}

function withoutFollower(d: Dossier, channel: string, chatId: string): Dossier {
  const same = (x: { channel: string; chatId: string }): boolean => x.channel === channel && x.chatId === chatId;
  const isOwner = d.submitter.channel === channel && d.submitter.chatId === chatId;
  return { ...d, followers: d.followers.filter((f) => !same(f)), notify: isOwner ? d.notify : d.notify.filter((n) => !same(n)) };
}
