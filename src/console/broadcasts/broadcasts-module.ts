/**
 * @module The broadcasts part of the console (role `broadcast`): compose (texts, image, link,
 * audience) → preview (count, Zalo and Telegram, test send) → send now or schedule → confirm
 * → the broadcast's page with live progress, pause/resume/cancel and the CSV report; and
 * "My chat", where the official links the chat that test sends go to. Every step is audited.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { addressIndex, DEFAULT_PROVINCE, homeProvince, type AddressIndex } from '../../address/index.ts';
import type { BroadcastDraft, BroadcastService } from '../../broadcast/broadcast-service.ts';
import type { Locale } from '../../channels/channel.ts';
import { isMotcuaError } from '../../errors.ts';
import type { PhotoLimits } from '../../fields/field-type.ts';
import type { Translate } from '../../i18n/locales.ts';
import type { MediaStore } from '../../media/media-store.ts';
import type { OfficialLinkCodes } from '../../officials/official-links.ts';
import type { OfficialsStore } from '../../officials/officials-store.ts';
import type { SubscriptionStore } from '../../store/store.ts';
import type { ConsoleContext, ConsoleModule, FormBody } from '../console-module.ts';
import { html } from '../html.ts';
import { BROADCASTS_PATH } from './broadcast-format.ts';
import { storeBroadcastImage } from './broadcast-image.ts';
import { telegramPreview, zaloPreview } from './channel-previews.ts';
import { parseComposeForm, toBroadcastDraft } from './compose-form.ts';
import { renderComposePage } from './compose-page.ts';
import { EMPTY_VALUES, type ComposeValues, type FieldProblem } from './compose-values.ts';
import { renderConfirmPage } from './confirm-page.ts';
import { actionsFor, BROADCAST_ACTIONS, REFRESH_SECONDS, renderBroadcastDetail, type BroadcastAction } from './detail-page.ts';
import { freeDraftImage, type ComposerDraft, type DraftStore } from './draft-store.ts';
import { MemoryDraftStore } from './memory-draft-store.ts';
import { renderBroadcastList } from './list-page.ts';
import { MY_CHAT_PATH, MY_CHAT_REFRESH_SECONDS, renderMyChatPage } from './my-chat-page.ts';
import { draftPath, renderPreviewPage, type LocalePreview } from './preview-page.ts';
import { reportCsv, reportFileName } from './report-csv.ts';
import { parseSchedule } from './schedule-input.ts';
import { wardChoices } from './ward-choices.ts';
import { PRIVATE_HEADERS } from '../private-headers.ts';

export interface BroadcastsModuleDeps {
  service: BroadcastService;
  media: MediaStore;
  /** Who subscribed where (the ward list shows wards that have subscribers). */
  subscriptions: Pick<SubscriptionStore, 'list'>;
  officials: Pick<OfficialsStore, 'setChat'>;
  links: Pick<OfficialLinkCodes, 'issue' | 'pending'>;
  /** The shared translator (the Zalo preview uses the channel's own texts). */
  t: Translate;
  photoLimits: PhotoLimits;
  /** Province whose wards the filter searches (code or name; default Hồ Chí Minh City, "79"). */
  province?: string;
  /** Injected in tests. */
  drafts?: DraftStore;
  address?: () => AddressIndex;
}

/** Room for the form fields beside an image at the size limit. */
const FORM_OVERHEAD = 256 * 1024;
const BROADCAST_ID = /^[A-Za-z0-9_-]{1,80}$/;


const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function broadcastsModule(deps: BroadcastsModuleDeps): ConsoleModule {
  const drafts = deps.drafts ?? new MemoryDraftStore(freeDraftImage(deps.media));
  const address = deps.address ?? addressIndex;
  const wardName = (code: string): string => address().byWard.get(code)?.name ?? code;
  const wardExists = (code: string): boolean => address().byWard.has(code);

  const wardCounts = async (): Promise<{ counts: Map<string, number>; total: number }> => {
    const all = await deps.subscriptions.list({});
    const counts = new Map<string, number>();
    for (const s of all) if (s.wardCode) counts.set(s.wardCode, (counts.get(s.wardCode) ?? 0) + 1);
    return { counts, total: all.length };
  };

  const compose = async (ctx: ConsoleContext, values: ComposeValues, problems: FieldProblem[], draft: ComposerDraft | null, status = 200): Promise<FastifyReply> => {
    const { counts, total } = await wardCounts();
    const idx = address();
    const wards = wardChoices({
      provinceWards: homeProvince(idx, deps.province ?? DEFAULT_PROVINCE).wards,
      wardByCode: (c) => idx.byWard.get(c),
      counts,
      selected: values.wards,
      filter: values.wardFilter,
    });
    return ctx.render({
      title: ctx.t('broadcasts.compose.title'),
      status,
      body: renderComposePage(ctx, {
        values,
        problems,
        ...(draft ? { draftId: draft.id } : {}),
        ...(draft?.imageId ? { imageUrl: `${draftPath(draft.id)}/image` } : {}),
        wards,
        subscribers: total,
        maxImageMb: Math.round(deps.photoLimits.maxBytes / (1024 * 1024)),
      }),
    });
  };

  const draftOf = (d: ComposerDraft): BroadcastDraft | null => {
    const r = toBroadcastDraft(d.values, { ...(d.imageId ? { imageId: d.imageId } : {}), ...(d.scheduledAt ? { scheduledAt: d.scheduledAt } : {}) });
    return r.ok ? r.draft : null;
  };

  /** The draft named by the page's path (`…/drafts/:id…`), if it is this official's and live. */
  const draftInPath = (ctx: ConsoleContext): Promise<ComposerDraft | null> => drafts.get((ctx.req.params as { id: string }).id, ctx.official.username);

  const gone = (ctx: ConsoleContext): Promise<FastifyReply> => ctx.redirect(BROADCASTS_PATH, { kind: 'error', text: ctx.t('broadcasts.errors.draft_gone') });

  const preview = async (ctx: ConsoleContext, d: ComposerDraft, extra: { problem?: FieldProblem; schedule?: { date: string; time: string }; status?: number } = {}): Promise<FastifyReply> => {
    const bd = draftOf(d);
    if (!bd) return compose(ctx, d.values, [{ field: 'text_vi', key: 'broadcasts.errors.text_vi_missing' }], d, 400);
    const count = await deps.service.count(bd.segment);
    const locales: Locale[] = d.values.locales.length ? d.values.locales : ['vi', 'en'];
    const previews: LocalePreview[] = [];
    for (const locale of locales) {
      const messages = await deps.service.render(bd, locale);
      previews.push({ locale, fallback: locale === 'en' && !d.values.textEn, zalo: zaloPreview(messages, locale, deps.t), telegram: telegramPreview(messages) });
    }
    return ctx.render({
      title: ctx.t('broadcasts.preview.title'),
      status: extra.status ?? 200,
      body: renderPreviewPage(ctx, {
        draft: d,
        count,
        previews,
        ...(ctx.official.chat ? { chat: ctx.official.chat } : {}),
        ...(d.imageId ? { imageUrl: `${draftPath(d.id)}/image` } : {}),
        wardName,
        ...(extra.problem ? { problem: extra.problem } : {}),
        ...(extra.schedule ? { schedule: extra.schedule } : {}),
      }),
    });
  };

  const sendImage = async (ctx: ConsoleContext, imageId: string | undefined): Promise<FastifyReply> => {
    const media = imageId ? await deps.media.get(imageId) : null;
    if (!media) return ctx.reply.code(404).headers(PRIVATE_HEADERS).type('text/plain; charset=utf-8').send('404 not found');
    return ctx.reply.code(200).headers(PRIVATE_HEADERS).type(media.mime).send(Buffer.from(media.data.buffer, media.data.byteOffset, media.data.byteLength));
  };

  const act = async (ctx: ConsoleContext, id: string, action: BroadcastAction, form: FormBody): Promise<FastifyReply> => {
    const b = BROADCAST_ID.test(id) ? await deps.service.get(id) : null;
    if (!b) return notFound(ctx);
    const back = `${BROADCASTS_PATH}/${b.id}`;
    const refuse = async (text: string): Promise<FastifyReply> => {
      await ctx.audit({ action: `broadcast.${action}`, target: b.id, outcome: 'refused', detail: { status: b.status } });
      return ctx.redirect(back, { kind: 'error', text });
    };
    // The page was older than the broadcast's status (it finished, or someone else acted).
    const expected = str(form.expected);
    if ((expected && expected !== b.status) || !actionsFor(b.status).includes(action)) {
      return refuse(ctx.t('broadcasts.action.invalid', { action: ctx.t(`broadcasts.action.${action}.button`), status: ctx.t(`broadcasts.status.${b.status}`) }));
    }
    let after;
    try {
      after = await deps.service[action](b.id, ctx.actor);
    } catch (e) {
      if (isMotcuaError(e, 'TRANSITION_INVALID')) {
        const now = (await deps.service.get(b.id)) ?? b;
        return refuse(ctx.t('broadcasts.action.invalid', { action: ctx.t(`broadcasts.action.${action}.button`), status: ctx.t(`broadcasts.status.${now.status}`) }));
      }
      throw e;
    }
    const c = after.counts;
    await ctx.audit({ action: `broadcast.${action}`, target: b.id, outcome: 'ok', detail: { from: b.status, to: after.status, recipients: c.recipients, sent: c.sent, failed: c.failed, unreachable: c.unreachable, remaining: c.remaining } });
    return ctx.redirect(back, { kind: 'ok', text: ctx.t(`broadcasts.action.${action}.done`) });
  };

  const notFound = (ctx: ConsoleContext): Promise<FastifyReply> =>
    ctx.render({ title: ctx.t('errors.not_found_title'), status: 404, body: html`<section class="panel narrow"><h1>${ctx.t('errors.not_found_title')}</h1><p>${ctx.t('broadcasts.errors.not_found')}</p><p><a href="${BROADCASTS_PATH}">${ctx.t('broadcasts.detail.back')}</a></p></section>` });

  return {
    nav: [{ href: BROADCASTS_PATH, label: 'nav.broadcasts', role: 'broadcast' }],
    register(router) {
      router.page('/broadcasts', 'broadcast', async (ctx) => {
        const items = await deps.service.list(50);
        return ctx.render({ title: ctx.t('broadcasts.list.title'), body: renderBroadcastList(ctx, items, wardName) });
      });

      router.page('/broadcasts/new', 'broadcast', async (ctx) => {
        const d = await drafts.get(str((ctx.req.query as Record<string, string | string[] | undefined>).draft), ctx.official.username);
        return compose(ctx, d?.values ?? EMPTY_VALUES, [], d);
      });

      router.upload('/broadcasts/compose', 'broadcast', deps.photoLimits.maxBytes + FORM_OVERHEAD, async (ctx, form, files) => {
        const parsed = parseComposeForm(form, { wardExists });
        const owner = ctx.official.username;
        const d = (await drafts.get(str(form.draft), owner)) ?? (await drafts.create(owner, parsed.values));
        d.values = parsed.values;
        // What is sent (and when) is chosen again after any change to it.
        delete d.scheduledAt;
        const problems = [...parsed.problems];
        if (str(form.image_remove) === '1' && d.imageId) {
          await deps.media.delete(d.imageId).catch(() => {});
          delete d.imageId;
        }
        const file = files.find((f) => f.field === 'image');
        if (file) {
          const image = await storeBroadcastImage(file.data, deps.photoLimits, deps.media);
          if (image.ok) {
            if (d.imageId) await deps.media.delete(d.imageId).catch(() => {});
            d.imageId = image.imageId;
            await ctx.audit({ action: 'broadcast.image', target: d.id, outcome: 'ok', detail: { bytes: file.data.length } });
          } else {
            problems.push(image.problem);
            await ctx.audit({ action: 'broadcast.image', target: d.id, outcome: 'refused', detail: { reason: image.problem.key, bytes: file.data.length } });
          }
        }
        await drafts.save(d);
        if (str(form.op) === 'preview') {
          if (problems.length === 0) return ctx.redirect(draftPath(d.id));
          return compose(ctx, d.values, problems, d, 400);
        }
        // Filtering the wards is not the time to point at a missing text; a refused image is.
        return compose(ctx, d.values, problems.filter((p) => p.field === 'image' || p.field === 'wards'), d);
      });

      router.page('/broadcasts/drafts/:id', 'broadcast', async (ctx) => {
        const d = await draftInPath(ctx);
        return d ? preview(ctx, d) : gone(ctx);
      });

      router.resource('/broadcasts/drafts/:id/image', 'broadcast', async (ctx) => {
        const d = await draftInPath(ctx);
        return sendImage(ctx, d?.imageId);
      });

      router.action('/broadcasts/drafts/:id/test', 'broadcast', async (ctx) => {
        const d = await draftInPath(ctx);
        if (!d) return gone(ctx);
        const bd = draftOf(d);
        const chat = ctx.official.chat;
        if (!bd) return preview(ctx, d);
        if (!chat) return ctx.redirect(draftPath(d.id), { kind: 'error', text: ctx.t('broadcasts.test.no_chat') });
        try {
          await deps.service.testSend(bd, { channel: chat.channel, chatId: chat.chatId, locale: chat.locale }, ctx.actor);
        } catch (e) {
          const code = isMotcuaError(e) ? e.code : 'INTERNAL';
          await ctx.audit({ action: 'broadcast.test_send', target: d.id, outcome: 'failed', detail: { channel: chat.channel, error: code } });
          return ctx.redirect(draftPath(d.id), { kind: 'error', text: ctx.t('broadcasts.test.failed', { code }) });
        }
        await ctx.audit({ action: 'broadcast.test_send', target: d.id, outcome: 'ok', detail: { channel: chat.channel, locale: chat.locale, text_vi: bd.text.vi, ...(bd.text.en ? { text_en: bd.text.en } : {}) } });
        return ctx.redirect(draftPath(d.id), { kind: 'ok', text: ctx.t('broadcasts.test.sent') });
      });

      router.action('/broadcasts/drafts/:id/confirm', 'broadcast', async (ctx, form) => {
        const d = await draftInPath(ctx);
        if (!d) return gone(ctx);
        if (str(form.when) === 'later') {
          const typed = { date: str(form.send_date), time: str(form.send_time) };
          const at = parseSchedule(typed.date, typed.time, ctx.now);
          if (!at.ok) return preview(ctx, d, { problem: at.problem, schedule: typed, status: 400 });
          d.scheduledAt = at.at;
        } else delete d.scheduledAt;
        await drafts.save(d);
        const bd = draftOf(d);
        if (!bd) return preview(ctx, d);
        const count = await deps.service.count(bd.segment);
        if (count.total === 0) return preview(ctx, d, { problem: { field: 'schedule', key: 'broadcasts.send.nobody' }, status: 400 });
        return ctx.render({ title: ctx.t('broadcasts.confirm.title'), body: renderConfirmPage(ctx, d, count) });
      });

      router.action('/broadcasts/drafts/:id/send', 'broadcast', async (ctx, form) => {
        const d = await draftInPath(ctx);
        // Already sent (a second click, or back and resubmit): to the list, not a second broadcast.
        if (!d) return gone(ctx);
        if (d.scheduledAt && Date.parse(d.scheduledAt) <= ctx.now.getTime()) {
          return preview(ctx, d, { problem: { field: 'schedule', key: 'broadcasts.errors.schedule_past' }, status: 400 });
        }
        const bd = draftOf(d);
        if (!bd) return preview(ctx, d);
        // Being sent already, by this click's twin here or in another process.
        if (!(await drafts.claim(d))) return gone(ctx);
        let b;
        let counted;
        try {
          // For the audit: who it reaches as it is handed over (the service freezes its own list).
          counted = await deps.service.count(bd.segment);
          b = await deps.service.create(bd, ctx.actor);
        } catch (e) {
          await drafts.unclaim(d);
          if (!isMotcuaError(e, 'BAD_REQUEST')) throw e;
          await ctx.audit({ action: 'broadcast.create', target: d.id, outcome: 'refused', detail: { reason: e.message } });
          return preview(ctx, d, { problem: { field: 'schedule', key: 'broadcasts.errors.create_refused', params: { detail: e.message } }, status: 400 });
        }
        await drafts.sent(d.id);
        await ctx.audit({
          action: 'broadcast.create',
          target: b.id,
          outcome: 'ok',
          detail: {
            text_vi: bd.text.vi,
            ...(bd.text.en ? { text_en: bd.text.en } : {}),
            ...(bd.link ? { link: bd.link } : {}),
            image: Boolean(bd.imageId),
            audience: JSON.stringify(bd.segment),
            recipients: counted.total,
            by_channel: Object.entries(counted.byChannel).map(([k, v]) => `${k}:${v}`).join(','),
            by_locale: Object.entries(counted.byLocale).map(([k, v]) => `${k}:${v}`).join(','),
            confirmed_count: Number(str(form.expected)) || 0,
            ...(bd.scheduledAt ? { scheduled_at: bd.scheduledAt } : {}),
          },
        });
        return ctx.redirect(`${BROADCASTS_PATH}/${b.id}`, { kind: 'ok', text: ctx.t(bd.scheduledAt ? 'broadcasts.send.scheduled' : 'broadcasts.send.started') });
      });

      router.page('/broadcasts/my-chat', 'broadcast', async (ctx) => {
        const code = await deps.links.pending(ctx.official.username);
        return ctx.render({ title: ctx.t('broadcasts.my_chat.title'), body: renderMyChatPage(ctx, ctx.official.chat, code), ...(code ? { refreshSeconds: MY_CHAT_REFRESH_SECONDS } : {}) });
      });

      router.action('/broadcasts/my-chat/code', 'broadcast', async (ctx) => {
        const code = await deps.links.issue(ctx.official.username);
        await ctx.audit({ action: 'official.chat_code', target: ctx.official.username, outcome: 'ok', detail: { expires_at: code.expiresAt.toISOString() } });
        return ctx.redirect(MY_CHAT_PATH);
      });

      router.action('/broadcasts/my-chat/unlink', 'broadcast', async (ctx) => {
        await deps.officials.setChat(ctx.official.username, null);
        await ctx.audit({ action: 'official.chat_unlink', target: ctx.official.username, outcome: 'ok' });
        return ctx.redirect(MY_CHAT_PATH, { kind: 'ok', text: ctx.t('broadcasts.my_chat.unlinked') });
      });

      router.page('/broadcasts/:id', 'broadcast', async (ctx) => {
        const { id } = ctx.req.params as { id: string };
        const b = BROADCAST_ID.test(id) ? await deps.service.get(id) : null;
        if (!b) return notFound(ctx);
        const progress = await deps.service.progress(b.id);
        const status = progress?.status ?? b.status;
        return ctx.render({
          title: ctx.t('broadcasts.detail.title'),
          body: renderBroadcastDetail(ctx, { broadcast: b, progress, wardName, ...(b.imageId ? { imageUrl: `${BROADCASTS_PATH}/${b.id}/image` } : {}) }),
          ...(status === 'sending' ? { refreshSeconds: REFRESH_SECONDS } : {}),
        });
      });

      router.resource('/broadcasts/:id/image', 'broadcast', async (ctx) => {
        const { id } = ctx.req.params as { id: string };
        const b = BROADCAST_ID.test(id) ? await deps.service.get(id) : null;
        return sendImage(ctx, b?.imageId);
      });

      router.action('/broadcasts/:id/:action', 'broadcast', async (ctx, form) => {
        const { id, action } = ctx.req.params as { id: string; action: string };
        if (!(BROADCAST_ACTIONS as readonly string[]).includes(action)) return notFound(ctx);
        return act(ctx, id, action as BroadcastAction, form);
      });

      router.resource('/broadcasts/:id/report.csv', 'broadcast', async (ctx) => {
        const { id } = ctx.req.params as { id: string };
        const b = BROADCAST_ID.test(id) ? await deps.service.get(id) : null;
        if (!b) return ctx.reply.code(404).type('text/plain; charset=utf-8').send('404 not found');
        await ctx.audit({ action: 'broadcast.report', target: b.id, outcome: 'ok', detail: { recipients: b.counts.recipients } });
        const labels = {
          header: ['channel', 'chat', 'language', 'state', 'attempts', 'updated', 'error'].map((k) => ctx.t(`broadcasts.report.${k}`)),
          status: (s: string) => ctx.t(`broadcasts.report.status.${s}`),
          locale: (l: Locale) => ctx.t(`broadcasts.locale.${l}`),
        };
        return ctx.reply
          .code(200)
          .headers({ 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${reportFileName(b.id)}"` })
          .type('text/csv; charset=utf-8')
          .send(Readable.from(reportCsv(deps.service.report(b.id), labels)));
      });
    },
  };
}
