/**
 * @module The dossiers part of the console (role `officer`): list, detail, the photos (only
 * to logged-in officials, never cached), and the lifecycle actions through the dossier service.
 */
import sharp from 'sharp';
import type { FastifyReply } from 'fastify';
import { CODE_PATTERN } from '../../dossiers/tracking-code.ts';
import type { Dossier } from '../../dossiers/dossier.ts';
import type { FieldRegistry } from '../../engine/turn.ts';
import { isMotcuaError } from '../../errors.ts';
import type { FlowRegistry } from '../../flows/flow-registry.ts';
import type { MediaStore } from '../../media/media-store.ts';
import type { Outbox } from '../../outbox/outbox.ts';
import type { DossierStore } from '../../store/store.ts';
import type { ConsoleContext, ConsoleModule, FormBody } from '../console-module.ts';
import { html } from '../html.ts';
import type { ActionFormState } from './action-forms.ts';
import { parseActionForm } from './action-input.ts';
import { deliveryRows } from './delivery-rows.ts';
import { renderDetailPage } from './detail-page.ts';
import { isConsoleAction, type ConsoleAction, type ConsoleDossierService } from './dossier-service-port.ts';
import { parseListFilters, toDossierQuery } from './list-filters.ts';
import { DOSSIERS_PATH, renderListPage } from './list-page.ts';
import { PRIVATE_HEADERS } from '../private-headers.ts';

export interface DossiersModuleDeps {
  dossiers: DossierStore;
  flows: FlowRegistry;
  fields: FieldRegistry;
  media: MediaStore;
  /** Transitions and supplement requests (with their pushes). Without it, actions are refused. */
  service?: ConsoleDossierService;
  /** Delivery states; without it the detail page says they are unavailable. */
  outbox?: Pick<Outbox, 'forDossier'>;
}

const THUMB_SIDE = 320;


export function dossiersModule(deps: DossiersModuleDeps): ConsoleModule {
  const notFound = (ctx: ConsoleContext): Promise<FastifyReply> =>
    ctx.render({ title: ctx.t('errors.not_found_title'), status: 404, body: html`<section class="panel narrow"><h1>${ctx.t('errors.not_found_title')}</h1><p>${ctx.t('errors.dossier_not_found')}</p><p><a href="${DOSSIERS_PATH}">${ctx.t('detail.back')}</a></p></section>` });

  const load = async (code: string): Promise<Dossier | null> => (CODE_PATTERN.test(code) ? deps.dossiers.get(code) : null);

  const detail = async (ctx: ConsoleContext, d: Dossier, failed?: ActionFormState & { status: number }): Promise<FastifyReply> => {
    let deliveries;
    try {
      deliveries = deps.outbox ? deliveryRows(d, await deps.outbox.forDossier(d.code)) : undefined;
    } catch {
      deliveries = undefined;
    }
    return ctx.render({
      title: d.code,
      status: failed?.status ?? 200,
      body: renderDetailPage(ctx, { dossier: d, flow: deps.flows.get(d.procedureId), fields: deps.fields, deliveries, ...(failed ? { failed } : {}) }),
    });
  };

  const act = async (ctx: ConsoleContext, code: string, action: ConsoleAction, form: FormBody): Promise<FastifyReply> => {
    const d = await load(code);
    if (!d) return notFound(ctx);
    const refuse = async (status: number, error: string): Promise<FastifyReply> => {
      await ctx.audit({ action: `dossier.${action}`, target: d.code, outcome: 'refused', detail: { status: d.status, reason: status } });
      return detail(ctx, d, { action, values: form, error, status });
    };
    if (!deps.service) return refuse(503, ctx.t('action.unavailable'));
    // Someone else changed it since this page was loaded: show them what it is now.
    if (typeof form.expected === 'string' && form.expected !== d.status) {
      return refuse(409, ctx.t('action.stale', { status: ctx.t(`status.${d.status}`) }));
    }
    const input = parseActionForm(action, form, d, { flow: deps.flows.get(d.procedureId), ctx });
    if ('error' in input) return detail(ctx, d, { action, values: form, error: input.error, status: 400 });
    const by = ctx.actor;
    try {
      if (input.kind === 'supplement') await deps.service.requestSupplement(d.code, { steps: input.steps, message: input.message, by, at: ctx.now });
      else await deps.service.transition(d.code, { action, by, at: ctx.now, ...(input.note ? { note: input.note } : {}) });
    } catch (e) {
      if (isMotcuaError(e, 'TRANSITION_INVALID')) {
        const now = (await load(code)) ?? d;
        return refuse(409, ctx.t('action.invalid', { action: ctx.t(`action.${action}.button`), status: ctx.t(`status.${now.status}`) }));
      }
      if (isMotcuaError(e, 'DOSSIER_NOT_FOUND')) return notFound(ctx);
      if (isMotcuaError(e, 'BAD_REQUEST')) return refuse(400, ctx.t('action.bad_request', { detail: e.message }));
      throw e;
    }
    await ctx.audit({ action: `dossier.${action}`, target: d.code, outcome: 'ok', detail: { from: d.status } });
    return ctx.redirect(`${DOSSIERS_PATH}/${d.code}`, { kind: 'ok', text: ctx.t(`action.${action}.done`) });
  };

  return {
    nav: [{ href: DOSSIERS_PATH, label: 'nav.dossiers', role: 'officer' }],
    register(router) {
      router.page('/dossiers', 'officer', async (ctx) => {
        const filters = parseListFilters(ctx.req.query);
        const found = await deps.dossiers.list(toDossierQuery(filters));
        return ctx.render({ title: ctx.t('list.title'), body: renderListPage(ctx, deps.flows, filters, found) });
      });

      router.page('/dossiers/:code', 'officer', async (ctx) => {
        const { code } = ctx.req.params as { code: string };
        const d = await load(code);
        if (!d) return notFound(ctx);
        await ctx.audit({ action: 'dossier.view', target: d.code, outcome: 'ok' });
        return detail(ctx, d);
      });

      router.action('/dossiers/:code/actions/:action', 'officer', async (ctx, form) => {
        const { code, action } = ctx.req.params as { code: string; action: string };
        if (!isConsoleAction(action)) return notFound(ctx);
        return act(ctx, code, action, form);
      });

      router.resource('/dossiers/:code/photos/:id', 'officer', async (ctx) => {
        const { code, id } = ctx.req.params as { code: string; id: string };
        const thumb = (ctx.req.query as { size?: string }).size === 'thumb';
        const d = await load(code);
        // Only photos that belong to this dossier: a media id alone opens nothing.
        const media = d && d.photos.includes(id) ? await deps.media.get(id) : null;
        if (!d || !media) return ctx.reply.code(404).headers(PRIVATE_HEADERS).type('text/plain; charset=utf-8').send('404 not found');
        if (!thumb) await ctx.audit({ action: 'dossier.photo', target: d.code, outcome: 'ok', detail: { photo: id } });
        const body = thumb
          ? await sharp(media.data).resize(THUMB_SIDE, THUMB_SIDE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 72 }).toBuffer()
          : Buffer.from(media.data.buffer, media.data.byteOffset, media.data.byteLength);
        return ctx.reply.code(200).headers(PRIVATE_HEADERS).type(thumb ? 'image/jpeg' : media.mime).send(body);
      });
    },
  };
}
