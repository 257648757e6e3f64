/**
 * @module The console's page shell: top bar with the menu (entries the official's roles allow),
 * language switch and logout; the flash message; the page. No script; one stylesheet from
 * this server.
 */
import type { Locale } from '../channels/channel.ts';
import type { Official } from '../officials/official.ts';
import type { NavItem } from './console-module.ts';
import type { Flash } from './console-sessions.ts';
import { html, query, type Html } from './html.ts';

export const CONSOLE_BASE = '/console';
export const CSRF_FIELD = '_csrf';
export const STYLESHEET = `${CONSOLE_BASE}/assets/console.css`;

export interface LayoutInput {
  locale: Locale;
  t: (key: string, params?: Record<string, string | number>) => string;
  title: string;
  body: Html;
  /** The path and query of this page (for the language switch to come back to). */
  currentUrl: string;
  official?: Official;
  /** Menu entries this official may use. */
  nav?: NavItem[];
  csrf?: string;
  flash?: Flash;
  /** Reload the page after this many seconds (live progress without a script). */
  refreshSeconds?: number;
}

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

export function renderLayout(p: LayoutInput): string {
  const other: Locale = p.locale === 'vi' ? 'en' : 'vi';
  const path = p.currentUrl.split('?')[0] ?? '';
  // The longest matching entry is the current one ("/console/dossiers/HS-…" → "Hồ sơ").
  const current = (p.nav ?? []).filter((n) => path === n.href || path.startsWith(`${n.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  const nav = (p.nav ?? []).map(
    (n) => html`<a href="${n.href}"${n === current ? html` aria-current="page"` : ''}>${p.t(n.label)}</a>`,
  );
  const user = p.official
    ? html`<span class="who" title="${p.official.roles.map((r) => p.t(`role.${r}`)).join(', ')}">${p.official.username}</span>
        <form method="post" action="${CONSOLE_BASE}/logout" class="inline">${csrfInput(p.csrf ?? '')}<button type="submit" class="link">${p.t('layout.logout')}</button></form>`
    : '';
  const doc = html`<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
${p.refreshSeconds ? html`<meta http-equiv="refresh" content="${Math.max(1, Math.round(p.refreshSeconds))}">\n` : ''}<title>${p.title} · ${p.t('layout.brand')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body>
<header class="topbar">
  <a class="brand" href="${CONSOLE_BASE}">${p.t('layout.brand')}<small>${p.t('layout.subtitle')}</small></a>
  <nav aria-label="${p.t('layout.menu')}">${nav}</nav>
  <div class="account">
    <a class="lang" href="${CONSOLE_BASE}/lang/${other}${query({ next: p.currentUrl })}" hreflang="${other}" lang="${other}" title="${p.t('layout.switch_language')}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a>
    ${user}
  </div>
</header>
<main>
${p.flash ? html`<p class="flash ${p.flash.kind}" role="${p.flash.kind === 'error' ? 'alert' : 'status'}">${p.flash.text}</p>` : ''}
${p.body}
</main>
</body>
</html>
`;
  return doc.value;
}
