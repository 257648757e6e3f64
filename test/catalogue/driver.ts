/**
 * @module Scripted conversations for the catalogue: a citizen who answers every question the
 * bot asks from a per-flow answer table keyed by step id (typing, tapping the buttons the API
 * returned, replying by number, sending photos and a location), checked at every turn:
 * one question per message, the visible wording, then the summary, the submission reply and
 * the stored dossier — whose answers must equal what was typed, normalised.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Dossier } from '../../src/dossiers/dossier.ts';
import type { Json } from '../../src/fields/field-type.ts';
import type { CompiledFlow } from '../../src/flows/compile-flow.ts';
import type { Ask, Step } from '../../src/flows/flow-schema.ts';
import type { BootedApp, WebChatClient } from '../support/web-api-client.ts';

export const TRACKING_CODE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;
export const REVIEW_STATE = '@review';

/** How the citizen answers one step. Exactly one of say / tap / photos / location / skip. */
export interface Answer {
  /** Typed text. */
  say?: string;
  /** Tap the button of this option value (yes/no steps: "yes" / "no"); the button must have been offered. */
  tap?: string;
  /** Send this many photos; then finish with "xong" typed or the "Xong" button, unless the step is full. */
  photos?: number;
  finish?: 'type' | 'tap';
  /** Share a location pin. */
  location?: { lat: number; lng: number };
  /** Skip an optional step by typing "bỏ qua" or tapping "Bỏ qua". */
  skip?: 'type' | 'tap';
  /** The stored value expected in the dossier (normalised); not for photos or skips. */
  value?: unknown;
  /** The question the citizen must see for this step. */
  ask?: RegExp;
  /** What the summary line of this step must show, when it is not the stored value itself. */
  shows?: string;
  /** Text that must appear in the replies to this answer (a note, e.g. an old ward mapped). */
  note?: RegExp;
  /** The typed answer fits several values: the bot offers them as buttons; tap the one whose label matches. */
  pick?: RegExp;
}

export type AnswerTable = Record<string, Answer>;

export interface Conversation {
  chat: WebChatClient;
  flow: CompiledFlow;
  /** Steps in the order they were asked. */
  asked: string[];
  /** Expected dossier answers (photo steps: the number of photos). */
  expected: Record<string, unknown>;
  photoCounts: Record<string, number>;
  skipped: string[];
  summary: string;
}

function vi(t: { vi: string }): string {
  return t.vi;
}

function askVariants(ask: Ask): string[] {
  return 'self' in ask ? [vi(ask.self), vi(ask.proxy)] : [vi(ask)];
}

/** The question a step shows, worded for self or proxy. */
export function askOf(step: Step, proxy: boolean): string {
  const a = step.ask;
  return 'self' in a ? vi(proxy ? a.proxy : a.self) : vi(a);
}

function stepAsks(flow: CompiledFlow): string[] {
  return flow.flow.steps.flatMap((s) => askVariants(s.ask));
}

/**
 * One question per message: the last reply is the open question (starting with the step's
 * wording, or the summary), and no other reply of the same message asks a step's question.
 */
function expectOneQuestion(conv: Conversation, next: string | undefined, proxy: boolean): void {
  const { chat, flow } = conv;
  const replies = chat.replies;
  expect(replies.length, `no reply\n${chat.dump()}`).toBeGreaterThan(0);
  const asks = stepAsks(flow);
  const earlier = replies.slice(0, -1);
  for (const r of earlier) {
    const asking = asks.find((a) => r.text.startsWith(a));
    expect(asking, `a reply before the question also asks "${asking}"\n${chat.dump()}`).toBeUndefined();
    expect(r.choices, `only the question carries buttons: ${r.text}\n${chat.dump()}`).toBeUndefined();
    expect(r.text).not.toMatch(/kiểm tra lại hồ sơ/);
  }
  const lastText = chat.last().text;
  if (next === REVIEW_STATE) {
    expect(lastText, chat.dump()).toMatch(/^Bạn vui lòng kiểm tra lại hồ sơ/);
    return;
  }
  if (next === undefined) return;
  const step = flow.steps.get(next);
  if (!step) throw new Error(`unknown step ${next}`);
  expect(lastText.startsWith(askOf(step, proxy)), `the open question should be step "${next}" worded for ${proxy ? 'a helper' : 'the applicant'}:\n${askOf(step, proxy)}\n${chat.dump()}`).toBe(true);
}

function isProxy(flow: CompiledFlow, answers: Record<string, Json>): boolean {
  const ob = flow.flow.onBehalf;
  if (!ob) return false;
  const v = answers[ob.field];
  return v !== undefined && v !== ob.selfValue;
}

/**
 * Opens a procedure from a natural-language request, checks the consent request and gives
 * consent (by tapping or typing), and returns a conversation at the first question.
 */
export async function openFlow(booted: BootedApp, chat: WebChatClient, opts: { request: string; flowId: string; consent: 'tap' | string }): Promise<Conversation> {
  const flow = booted.app.flows.get(opts.flowId);
  if (!flow) throw new Error(`flow ${opts.flowId} is not loaded`);
  const replies = await chat.text(opts.request);
  const consent = chat.last();
  expect(consent.text, `"${opts.request}" should offer ${opts.flowId}\n${chat.dump()}`).toMatch(/Bạn có đồng ý cho thu thập/);
  expect(consent.text).toContain(`“${flow.flow.title.vi}”`);
  expect(replies[0]!.text).toBe(flow.flow.summary.vi);
  expect((await chat.session())?.pending).toEqual({ kind: 'consent', flowId: opts.flowId });
  if (opts.consent === 'tap') await chat.tap(chat.choice(/Tôi đồng ý/));
  else await chat.text(opts.consent);
  expect(chat.replies[0]!.text, chat.dump()).toMatch(/Cảm ơn bạn/);
  const first = flow.flow.steps[0]!;
  const conv: Conversation = { chat, flow, asked: [], expected: {}, photoCounts: {}, skipped: [], summary: '' };
  expect(await chat.stepId()).toBe(first.id);
  expectOneQuestion(conv, first.id, false);
  return conv;
}

async function sendPhotos(conv: Conversation, step: Extract<Step, { type: 'photo' }>, answer: Answer, photo: () => Promise<string>): Promise<void> {
  const { chat } = conv;
  const n = answer.photos ?? 0;
  for (let i = 1; i <= n; i++) {
    await chat.photo(await photo());
    if (i < step.max) {
      expect(chat.allText(), `photo ${i} of step ${step.id} should be received\n${chat.dump()}`).toMatch(new RegExp(`Đã nhận ${i}(/\\d+)? ảnh`));
      expect(await chat.stepId()).toBe(step.id);
    }
  }
  if (n < step.max) {
    if (answer.finish === 'tap') await chat.tap(chat.choice(/^Xong$/));
    else await chat.text('xong');
  }
}

/**
 * Answers questions from `table` until the summary (or until step `stop` is asked). Every step
 * asked must be in the table, and asked once: a step asked again means an answer was refused.
 */
export async function answerUntilSummary(conv: Conversation, table: AnswerTable, photo: () => Promise<string>, stop: string = REVIEW_STATE): Promise<void> {
  const { chat, flow } = conv;
  for (let guard = 0; guard < 80; guard++) {
    const session = await chat.session();
    const pending = session?.pending;
    expect(pending, `unexpected pending prompt ${JSON.stringify(pending)}\n${chat.dump()}`).toBeUndefined();
    const stepId = session?.flow?.state.value;
    if (stepId === undefined) throw new Error(`no procedure in progress\n${chat.dump()}`);
    if (stepId === REVIEW_STATE || stepId === stop) return;
    if (conv.asked.includes(stepId)) {
      throw new Error(`step "${stepId}" asked again — the previous answer (${JSON.stringify(table[stepId])}) was not accepted\n${chat.dump()}`);
    }
    const step = flow.steps.get(stepId);
    const answer = table[stepId];
    if (!step) throw new Error(`unknown step ${stepId}`);
    if (!answer) throw new Error(`no answer scripted for step "${stepId}" (${step.type}): ${chat.last().text}\n${chat.dump()}`);
    conv.asked.push(stepId);
    if (answer.ask) expect(chat.last().text, `question of step ${stepId}\n${chat.dump()}`).toMatch(answer.ask);

    if (answer.say !== undefined) {
      await chat.text(answer.say);
    } else if (answer.tap !== undefined) {
      // A multiple-choice step toggles each tapped option and is finished with "Xong";
      // `tap` then lists the options, comma-separated.
      const multiple = step.type === 'choice' && step.multiple === true;
      for (const option of multiple ? answer.tap.split(',') : [answer.tap]) {
        const value = `a:${stepId}:${option}`;
        expect(chat.last().choices?.map((c) => c.value), `button ${value} offered\n${chat.dump()}`).toContain(value);
        await chat.tap(value);
        if (multiple) expect(chat.last().choices?.find((c) => c.value === value)?.label, `option ${option} marked as picked\n${chat.dump()}`).toMatch(/^✓ /);
      }
      if (multiple) await chat.tap(chat.choice(/^Xong$/));
    } else if (answer.photos !== undefined) {
      if (step.type !== 'photo') throw new Error(`step ${stepId} is not a photo step`);
      await sendPhotos(conv, step, answer, photo);
    } else if (answer.location) {
      await chat.location(answer.location.lat, answer.location.lng);
    } else if (answer.skip) {
      expect(step.optional, `step ${stepId} must be optional to skip`).toBe(true);
      if (answer.skip === 'tap') await chat.tap(chat.choice(/^Bỏ qua$/));
      else await chat.text('bỏ qua');
    } else throw new Error(`empty answer for ${stepId}`);

    if (answer.pick) {
      const pending = (await chat.session())?.pending;
      expect(pending?.kind, `"${answer.say}" should make the bot offer candidates\n${chat.dump()}`).toBe('clarify');
      const offered = chat.last().choices ?? [];
      expect(offered.length, chat.dump()).toBeGreaterThanOrEqual(2);
      expect(offered.length, chat.dump()).toBeLessThanOrEqual(4);
      await chat.tap(chat.choice(answer.pick));
    }
    if (answer.note) expect(chat.allText(), chat.dump()).toMatch(answer.note);
    const after = await chat.session();
    const next = after?.flow?.state.value;
    const answers = (after?.flow?.state.context.answers ?? {}) as Record<string, Json>;
    if (next !== stepId && after?.pending === undefined) {
      // Accepted: record what the dossier must hold, and check the next question is the only one.
      if (answer.skip) conv.skipped.push(stepId);
      else if (answer.photos !== undefined) conv.photoCounts[stepId] = answer.photos;
      else conv.expected[stepId] = answer.value;
      // A skipped step is kept as null in the session (and left out of the dossier).
      if (answer.skip) expect(answers[stepId] ?? null, `skipped ${stepId}`).toBeNull();
      else expect(answers[stepId], `stored answer of ${stepId}\n${chat.dump()}`).toEqual(answer.photos !== undefined ? expect.any(Array) : answer.value);
      expectOneQuestion(conv, next, isProxy(flow, answers));
    }
  }
  throw new Error(`no summary after 80 questions\n${chat.dump()}`);
}

function optionLabel(step: Step, value: Json): string {
  if (step.type === 'choice') {
    const label = (v: Json): string => vi(step.options.find((o) => o.value === v)?.label ?? { vi: String(v) });
    return Array.isArray(value) ? value.map(label).join(', ') : label(value);
  }
  if (step.type === 'yesno') return value === true ? 'Có' : 'Không';
  return String(value);
}

/** The summary lists every answer in flow order as "n. Label: value", skipped ones as "(bỏ qua)". */
export function expectSummary(conv: Conversation, table: AnswerTable): void {
  const { chat, flow } = conv;
  const summary = chat.last();
  conv.summary = summary.text;
  expect(summary.text).toContain(`“${flow.flow.title.vi}”`);
  const lines = summary.text.split('\n').filter((l) => /^\d+\. /.test(l));
  const shown = conv.asked.map((id) => {
    const step = flow.steps.get(id)!;
    const a = table[id]!;
    let text: string;
    if (a.skip) text = '(bỏ qua)';
    else if (a.photos !== undefined) text = `${a.photos} ảnh`;
    else if (a.shows !== undefined) text = a.shows;
    else if (step.type === 'choice' || step.type === 'yesno') text = optionLabel(step, a.value as Json);
    else if (typeof a.value === 'string') text = a.value;
    else throw new Error(`step ${id}: say what the summary shows (shows: ...)`);
    return `${vi(step.label)}: ${text}`;
  });
  expect(lines.map((l) => l.replace(/^\d+\. /, '')), chat.dump()).toEqual(shown);
  expect(lines.map((l) => Number(/^(\d+)\./.exec(l)![1]))).toEqual(shown.map((_, i) => i + 1));
  expect(summary.choices?.map((c) => c.label)).toEqual(['Xác nhận và nộp', 'Sửa thông tin', 'Hủy hồ sơ']);
}

export interface SubmitResult {
  code: string;
  dossier: Dossier;
  reply: string;
}

/** Confirms at the summary (tap or typed), checks the submission reply and returns the stored dossier. */
export async function confirmAndSubmit(conv: Conversation, booted: BootedApp, how: 'tap' | string = 'tap'): Promise<SubmitResult> {
  const { chat, flow } = conv;
  if (how === 'tap') await chat.tap(chat.choice(/Xác nhận và nộp/));
  else await chat.text(how);
  const reply = chat.allText();
  const code = TRACKING_CODE.exec(reply)?.[0];
  expect(code, `a tracking code\n${chat.dump()}`).toBeDefined();
  const p = flow.flow.procedure;
  expect(reply).toContain(`Đã nộp hồ sơ “${flow.flow.title.vi}”. Mã hồ sơ của bạn: ${code}`);
  expect(reply).toContain(`Cơ quan giải quyết: ${p.authority.vi}`);
  expect(reply).toContain(`Thời gian giải quyết: ${p.processingTime.vi}`);
  expect(reply).toContain(`Lệ phí: ${p.fee.vi}`);
  if (p.inPerson) expect(reply).toContain(p.inPerson.vi);
  expect(reply).toContain(`tra cứu ${code}`);
  expect(await chat.stepId(), 'no procedure in progress after submitting').toBeUndefined();
  const dossier = await booted.app.store.dossiers.get(code!);
  expect(dossier).not.toBeNull();
  return { code: code!, dossier: dossier!, reply };
}

export interface DossierExpectation {
  applicant: Dossier['applicant'];
  self: boolean;
  relationship?: string;
  ward?: string;
  now: Date;
}

/** The dossier holds exactly what was typed (normalised), the photos on disk, applicant and submitter apart. */
export async function expectDossier(conv: Conversation, booted: BootedApp, result: SubmitResult, want: DossierExpectation): Promise<void> {
  const { chat, flow } = conv;
  const d = result.dossier;
  expect(d.code).toBe(result.code);
  expect(d.procedureId).toBe(flow.flow.id);
  expect(d.procedureVersion).toBe(flow.flow.version);
  expect(d.status).toBe('submitted');
  expect(d.history).toEqual([{ at: want.now.toISOString(), status: 'submitted', by: 'citizen' }]);
  expect(d.submittedAt).toBe(want.now.toISOString());

  const photoSteps = Object.keys(conv.photoCounts);
  const nonPhoto = Object.fromEntries(Object.entries(d.answers).filter(([k]) => !photoSteps.includes(k)));
  expect(nonPhoto, 'dossier answers equal what was typed, normalised').toEqual(conv.expected);
  for (const id of conv.skipped) expect(d.answers[id]).toBeUndefined();

  const allPhotos: string[] = [];
  for (const [id, n] of Object.entries(conv.photoCounts)) {
    const ids = d.answers[id];
    expect(Array.isArray(ids), `${id} is a list of media ids`).toBe(true);
    expect(ids).toHaveLength(n);
    for (const m of ids as string[]) {
      expect(m).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
      expect(existsSync(join(booted.dataDir, 'media', `${m}.jpg`)), `media ${m} of ${id} on disk`).toBe(true);
      allPhotos.push(m);
    }
  }
  expect([...d.photos].sort()).toEqual([...allPhotos].sort());

  expect(d.applicant).toEqual(want.applicant);
  expect(d.submitter).toEqual({
    channel: 'web',
    chatId: chat.chat,
    userId: chat.chat,
    self: want.self,
    ...(want.relationship ? { relationship: want.relationship } : {}),
  });
  expect(d.notify).toEqual([{ channel: 'web', chatId: chat.chat, locale: 'vi' }]);
  if (want.ward !== undefined) expect(d.ward).toBe(want.ward);
  // Text the office searches and compares (names, wards) is stored in one Unicode form.
  expect(notNfc(d), 'strings in the dossier that are not NFC').toEqual([]);
  expect(await booted.app.store.dossiers.byChat(`web:${chat.chat}`)).toEqual([result.code]);
}

/** Every string inside `v` that is not in Unicode NFC, with its path. */
export function notNfc(v: unknown, path = ''): string[] {
  if (typeof v === 'string') return v === v.normalize('NFC') ? [] : [`${path}: ${v.normalize('NFC')}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => notNfc(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => notNfc(x, path ? `${path}.${k}` : k));
  return [];
}

/** A second tap on the old "Xác nhận và nộp" button: the same code again, no second dossier. */
export async function expectDoubleTapIsIdempotent(conv: Conversation, booted: BootedApp, code: string, confirmValue: string): Promise<void> {
  const { chat } = conv;
  await chat.tap(confirmValue);
  expect(chat.allText(), chat.dump()).toContain(code);
  expect(chat.allText()).toMatch(/đã được nộp rồi/);
  expect(await booted.app.store.dossiers.byChat(`web:${chat.chat}`)).toEqual([code]);
  const all = await booted.app.store.dossiers.list({ limit: 500 });
  expect(all.filter((x) => x.submitter.chatId === chat.chat)).toHaveLength(1);
}

/** The whole script: request → consent → every question → summary → confirm → dossier. */
export async function runScript(
  booted: BootedApp,
  chat: WebChatClient,
  script: { request: string; flowId: string; consent: 'tap' | string; answers: AnswerTable; confirm?: 'tap' | string; photo: () => Promise<string> },
): Promise<{ conv: Conversation; result: SubmitResult; confirmValue: string }> {
  const conv = await openFlow(booted, chat, script);
  await answerUntilSummary(conv, script.answers, script.photo);
  expectSummary(conv, script.answers);
  const confirmValue = chat.choice(/Xác nhận và nộp/);
  const result = await confirmAndSubmit(conv, booted, script.confirm ?? 'tap');
  // MOTCUA_TRANSCRIPT=1 prints each scripted conversation, to read it as a citizen would.
  if (process.env.MOTCUA_TRANSCRIPT) process.stdout.write(`\n=== ${chat.chat} ===\n${chat.transcript.join('\n')}\n`);
  return { conv, result, confirmValue };
}

/** Answers the steps expected in `order`, no more: the path a branch must take. */
export function expectPath(conv: Conversation, order: string[]): void {
  expect(conv.asked).toEqual(order);
}

/** At the open step, `text` must be understood as `value` and the conversation move on. */
export async function expectUnderstood(conv: Conversation, text: string, value: unknown): Promise<void> {
  const { chat } = conv;
  const step = await chat.stepId();
  await chat.text(text);
  const s = await chat.session();
  const got = { pending: s?.pending?.kind, step: s?.flow?.state.value, stored: step ? (s?.flow?.state.context.answers as Record<string, unknown>)[step] : undefined };
  expect(got, `at step "${step}", "${text}" should be understood as ${JSON.stringify(value)}; the bot replied:\n${chat.allText()}`).toEqual({
    pending: undefined,
    step: expect.not.stringMatching(`^${step}$`),
    stored: value,
  });
}
