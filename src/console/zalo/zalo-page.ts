/**
 * @module The Zalo page's HTML: the connection (what state, why, what happens next) and the QR
 * login (a button; the QR with how to scan it; how the last login ended). No script: while
 * something is under way the page reloads itself.
 */
import type { SupervisorStatus } from '../../channels/zalo/supervisor.ts';
import { loginInProgress, type LoginDeskState } from '../../channels/zalo/zalo-login-desk.ts';
import type { ConsoleContext } from '../console-module.ts';
import { formatVnTime } from '../format.ts';
import { html, type Html } from '../html.ts';

export const ZALO_PATH = '/console/zalo';

/** Badge colours of the delivery states, reused: green connected, amber waiting, red needs login. */
const BADGE: Record<SupervisorStatus['state'], string> = {
  connected: 'd-sent',
  connecting: 'd-queued',
  waiting: 'd-unreachable',
  needs_login: 'd-failed',
  idle: 'd-queued',
  stopped: 'd-queued',
};

const iso = (ms: number): string => new Date(ms).toISOString();

export interface ZaloPageModel {
  /** Undefined when Zalo is not enabled in this process. */
  status?: SupervisorStatus;
  login?: LoginDeskState;
}

export function renderZaloPage(ctx: ConsoleContext, m: ZaloPageModel): Html {
  if (!m.status || !m.login) {
    return html`<div class="page-head"><h1>${ctx.t('zalo.title')}</h1></div>
<section class="panel narrow"><p>${ctx.t('zalo.disabled')}</p><p class="hint">${ctx.t('zalo.disabled_how')}</p></section>`;
  }
  return html`<div class="page-head"><h1>${ctx.t('zalo.title')}</h1></div>
${connectionPanel(ctx, m.status, m.login)}
${loginPanel(ctx, m.status, m.login)}`;
}

function connectionPanel(ctx: ConsoleContext, s: SupervisorStatus, login: LoginDeskState): Html {
  const facts: Html[] = [];
  if (s.problem) facts.push(html`<dt>${ctx.t('zalo.problem_label')}</dt><dd>${ctx.t(`zalo.problem.${s.problem}`)}</dd>`);
  if (s.failures > 0) facts.push(html`<dt>${ctx.t('zalo.failures')}</dt><dd>${s.failures}</dd>`);
  if (s.nextAttemptAt !== undefined && (s.state === 'waiting' || s.state === 'needs_login')) facts.push(html`<dt>${ctx.t('zalo.next_attempt')}</dt><dd>${formatVnTime(iso(s.nextAttemptAt))}</dd>`);
  if (s.lastClose) facts.push(html`<dt>${ctx.t('zalo.last_close')}</dt><dd>${s.lastClose.code}</dd>`);
  const retry =
    (s.state === 'waiting' || s.state === 'needs_login') && !loginInProgress(login)
      ? html`<form method="post" action="${ZALO_PATH}/retry" class="action">${ctx.csrfField()}<button type="submit">${ctx.t('zalo.retry')}</button></form>`
      : '';
  return html`<section class="panel narrow"><h2>${ctx.t('zalo.connection')}</h2>
  <p><span class="badge ${BADGE[s.state]}">${ctx.t(`zalo.state.${s.state}`)}</span></p>
  <p>${ctx.t(`zalo.explain.${s.state}`)}</p>
  ${facts.length > 0 ? html`<dl class="facts">${facts}</dl>` : ''}
  ${retry}
</section>`;
}

function loginPanel(ctx: ConsoleContext, s: SupervisorStatus, l: LoginDeskState): Html {
  const startButton = (key: string): Html => html`<form method="post" action="${ZALO_PATH}/login" class="action">${ctx.csrfField()}<button type="submit" class="primary">${ctx.t(key)}</button></form>`;
  let body: Html;
  switch (l.phase) {
    case 'starting':
      body = html`<p>${ctx.t('zalo.login.starting')}</p>`;
      break;
    case 'waiting_scan':
      body = html`<img class="zalo-qr" src="${ZALO_PATH}/qr.png?v=${l.qrVersion}" width="240" height="240" alt="${ctx.t('zalo.login.qr_alt')}">
  <ol class="steps">
    <li>${ctx.t('zalo.login.step_open')}</li>
    <li>${ctx.t('zalo.login.step_scan')}</li>
    <li>${ctx.t('zalo.login.step_confirm')}</li>
  </ol>
  <p class="hint">${ctx.t('zalo.login.renews')}</p>`;
      break;
    case 'scanned':
      body = html`<p>${ctx.t('zalo.login.scanned')}</p>`;
      break;
    default: {
      const ended =
        l.phase === 'idle' || l.finishedAt === undefined
          ? ''
          : html`<p class="${l.phase === 'saved' ? '' : 'warn'}">${ctx.t(`zalo.login.ended.${l.phase}`, { when: formatVnTime(iso(l.finishedAt)), reason: l.reason ?? '' })}</p>`;
      body = html`${ended}
  <p>${ctx.t(s.state === 'connected' ? 'zalo.login.why_connected' : 'zalo.login.why')}</p>
  ${startButton(l.phase === 'idle' ? 'zalo.login.start' : 'zalo.login.again')}
  <p class="hint">${ctx.t('zalo.login.cli')}</p>`;
    }
  }
  const who = l.by && l.phase !== 'idle' ? html`<p class="hint">${ctx.t('zalo.login.by', { who: l.by.replace(/^official:/, ''), when: formatVnTime(iso(l.startedAt ?? 0)) })}</p>` : '';
  return html`<section class="panel narrow"><h2>${ctx.t('zalo.login.title')}</h2>
  ${body}
  ${who}
</section>`;
}
