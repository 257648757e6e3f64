/**
 * @module Parses the composer's form body (zod at the boundary) into the values as typed and,
 * when they are valid, a `BroadcastDraft`. Every problem names its field and a text, so the
 * page can show it beside the field with everything else still filled in.
 */
import { z } from 'zod';
import { BroadcastDraftSchema, type BroadcastDraft } from '../../broadcast/broadcast-service.ts';
import { TopicSchema } from '../../broadcast/subscription.ts';
import type { FormBody } from '../console-module.ts';
import { AUDIENCE_CHANNELS, MAX_LINK, MAX_TEXT, type ComposeValues, type FieldProblem } from './compose-values.ts';

/** Zero or more values of a field, whatever the browser sent (absent, one, several). */
const list = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
/** One value; a repeated field (a forged form) keeps its first. */
const one = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')));

const ComposeFormSchema = z.object({
  text_vi: one,
  text_en: one,
  link: one,
  wards: list,
  ward_filter: one,
  topics: list,
  locales: list,
  channels: list,
});

/** Browsers send CRLF in textareas; chats want LF, and NFC so "ế" is one character everywhere. */
function cleanText(s: string): string {
  return s.replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

function only<T extends string>(values: string[], allowed: readonly T[]): { kept: T[]; bad: boolean } {
  const kept = [...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v)))];
  return { kept, bad: kept.length !== new Set(values).size };
}

/** An https address with a host and no user name or password in it. */
export function checkLink(link: string): FieldProblem | null {
  if (link.length > MAX_LINK) return { field: 'link', key: 'broadcasts.errors.link_too_long', params: { max: MAX_LINK } };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { field: 'link', key: 'broadcasts.errors.link_invalid' };
  }
  if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) return { field: 'link', key: 'broadcasts.errors.link_invalid' };
  return null;
}

export interface ParsedCompose {
  values: ComposeValues;
  problems: FieldProblem[];
  /** Set when there is no problem (without image or schedule: those are added by their own steps). */
  draft?: BroadcastDraft;
}

export function parseComposeForm(form: FormBody, opts: { wardExists(code: string): boolean }): ParsedCompose {
  const raw = ComposeFormSchema.parse(form);
  const topics = only(raw.topics, TopicSchema.options);
  const locales = only(raw.locales, ['vi', 'en'] as const);
  const channels = only(raw.channels, AUDIENCE_CHANNELS);
  const wards = [...new Set(raw.wards.map((w) => w.trim()).filter((w) => w !== ''))];
  const values: ComposeValues = {
    textVi: cleanText(raw.text_vi),
    textEn: cleanText(raw.text_en),
    link: raw.link.trim(),
    wards,
    topics: topics.kept,
    locales: locales.kept,
    channels: channels.kept,
    wardFilter: raw.ward_filter.trim().slice(0, 100),
  };
  const problems: FieldProblem[] = [];
  if (!values.textVi) problems.push({ field: 'text_vi', key: 'broadcasts.errors.text_vi_missing' });
  for (const [field, text] of [['text_vi', values.textVi], ['text_en', values.textEn]] as const) {
    if (text.length > MAX_TEXT) problems.push({ field, key: 'broadcasts.errors.text_too_long', params: { count: text.length, max: MAX_TEXT } });
  }
  if (values.link) {
    const bad = checkLink(values.link);
    if (bad) problems.push(bad);
  }
  if (wards.some((w) => !opts.wardExists(w))) problems.push({ field: 'wards', key: 'broadcasts.errors.ward_unknown' });
  if (topics.bad) problems.push({ field: 'topics', key: 'broadcasts.errors.choice_invalid' });
  if (locales.bad) problems.push({ field: 'locales', key: 'broadcasts.errors.choice_invalid' });
  if (channels.bad) problems.push({ field: 'channels', key: 'broadcasts.errors.choice_invalid' });
  if (problems.length > 0) return { values, problems };

  const checked = toBroadcastDraft(values, {});
  if (!checked.ok) return { values, problems: [{ field: 'text_vi', key: 'broadcasts.errors.draft_invalid', params: { detail: checked.detail } }] };
  return { values, problems, draft: checked.draft };
}

/**
 * The draft the service receives, from values that passed `parseComposeForm`, with the image
 * and schedule added by their own steps. The service's own schema is the last check: what
 * passes here, create() accepts.
 */
export function toBroadcastDraft(values: ComposeValues, extra: { imageId?: string; scheduledAt?: string }): { ok: true; draft: BroadcastDraft } | { ok: false; detail: string } {
  const candidate = {
    text: { vi: values.textVi, ...(values.textEn ? { en: values.textEn } : {}) },
    ...(extra.imageId ? { imageId: extra.imageId } : {}),
    ...(values.link ? { link: values.link } : {}),
    segment: {
      ...(values.wards.length ? { wardCodes: values.wards } : {}),
      ...(values.topics.length ? { topics: values.topics } : {}),
      ...(values.locales.length ? { locales: values.locales } : {}),
      ...(values.channels.length ? { channels: values.channels } : {}),
    },
    ...(extra.scheduledAt ? { scheduledAt: extra.scheduledAt } : {}),
  };
  const checked = BroadcastDraftSchema.safeParse(candidate);
  return checked.success ? { ok: true, draft: checked.data } : { ok: false, detail: checked.error.issues.map((i) => i.path.join('.')).join(', ') };
}
