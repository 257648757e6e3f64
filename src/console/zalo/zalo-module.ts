/**
 * @module The console's Zalo page (role `channels`): whether the bot is connected to Zalo and,
 * when Zalo no longer accepts its session, a QR login an official scans with the bot account's
 * phone — no shell needed. The QR is served only to logged-in officials with the role, never
 * cached; every start and end of a login is audited.
 */
import type { SupervisorStatus } from '../../channels/zalo/supervisor.ts';
import { loginInProgress, type LoginDeskState, type ZaloLoginDesk } from '../../channels/zalo/zalo-login-desk.ts';
import type { ConsoleContext, ConsoleModule } from '../console-module.ts';
import { renderZaloPage, ZALO_PATH } from './zalo-page.ts';
import { PRIVATE_HEADERS } from '../private-headers.ts';

export interface ZaloModuleDeps {
  /** The running Zalo channel; absent when Zalo is not enabled (the page says how to enable it). */
  connection?: { status(): SupervisorStatus; retryNow(): void };
  desk?: Pick<ZaloLoginDesk, 'state' | 'qr' | 'start'>;
}

/** While a login or a connection is under way the page reloads this often. */
export const LOGIN_REFRESH_SECONDS = 3;
export const STATUS_REFRESH_SECONDS = 15;


export function zaloModule(deps: ZaloModuleDeps): ConsoleModule {
  const { connection, desk } = deps;
  const refresh = (status: SupervisorStatus | undefined, login: LoginDeskState | undefined): number | undefined => {
    if (login && loginInProgress(login)) return LOGIN_REFRESH_SECONDS;
    if (status && status.state !== 'connected' && status.state !== 'stopped' && status.state !== 'idle') return STATUS_REFRESH_SECONDS;
    return undefined;
  };
  const back = (ctx: ConsoleContext, key?: string, kind: 'ok' | 'error' = 'ok') => ctx.redirect(ZALO_PATH, key ? { kind, text: ctx.t(key) } : undefined);
  return {
    nav: [{ href: ZALO_PATH, label: 'nav.zalo', role: 'channels' }],
    register(router) {
      router.page('/zalo', 'channels', async (ctx) => {
        const status = connection?.status();
        const login = desk?.state();
        const seconds = refresh(status, login);
        return ctx.render({ title: ctx.t('zalo.title'), body: renderZaloPage(ctx, { ...(status ? { status } : {}), ...(login ? { login } : {}) }), ...(seconds ? { refreshSeconds: seconds } : {}) });
      });

      router.action('/zalo/login', 'channels', async (ctx) => {
        if (!connection || !desk) return back(ctx, 'zalo.disabled', 'error');
        const started = desk.start(ctx.actor, (end) => {
          // The login ends long after this request; the audit entry still names who started it.
          void ctx.audit({ action: 'zalo.login', outcome: end.phase === 'saved' ? 'ok' : 'failed', detail: { phase: end.phase } });
        });
        await ctx.audit({ action: 'zalo.login_start', outcome: started ? 'ok' : 'refused', ...(started ? {} : { detail: { reason: 'in_progress' } }) });
        return back(ctx, started ? undefined : 'zalo.login.already');
      });

      router.action('/zalo/retry', 'channels', async (ctx) => {
        if (!connection) return back(ctx, 'zalo.disabled', 'error');
        connection.retryNow();
        await ctx.audit({ action: 'zalo.retry', outcome: 'ok' });
        return back(ctx, 'zalo.retrying');
      });

      router.resource('/zalo/qr.png', 'channels', async (ctx) => {
        const png = desk?.qr();
        if (!png) return ctx.reply.code(404).type('text/plain; charset=utf-8').headers(PRIVATE_HEADERS).send('no QR code to scan now');
        return ctx.reply.type('image/png').headers(PRIVATE_HEADERS).send(Buffer.from(png));
      });
    },
  };
}
