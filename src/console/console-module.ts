/**
 * @module How pages plug into the console. A module names its menu entries (with the role
 * each needs) and registers its routes through a `ConsoleRouter`, which does the session,
 * role and CSRF checks and wraps pages in the layout — a module writes none of that itself.
 *
 * @example
 *   export const broadcastsModule: ConsoleModule = {
 *     nav: [{ href: '/console/broadcasts', label: 'nav.broadcasts', role: 'broadcast' }],
 *     register(router) {
 *       router.page('/broadcasts', 'broadcast', async (ctx) => ctx.render({ title: ctx.t('broadcasts.title'), body: html`…` }));
 *       router.action('/broadcasts', 'broadcast', async (ctx, form) => ctx.redirect('/console/broadcasts', { kind: 'ok', text: '…' }));
 *     },
 *   };
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../channels/channel.ts';
import type { Official, Role } from '../officials/official.ts';
import type { AuditEntry } from './audit-log.ts';
import type { Flash } from './console-sessions.ts';
import type { Html } from './html.ts';
import type { UploadedFile } from './multipart-form.ts';

export interface NavItem {
  /** Absolute path, e.g. "/console/dossiers"; also the prefix that marks the entry current. */
  href: string;
  /** A key in locales/<lang>/console.yaml (without the "console." prefix). */
  label: string;
  role: Role;
}

export interface PageSpec {
  title: string;
  body: Html;
  /** HTTP status (200 unless an error page). */
  status?: number;
  /**
   * Reload the page after this many seconds (a `<meta http-equiv="refresh">`): live progress
   * without a script. Not affected by the CSP, which governs loads, not navigations.
   */
  refreshSeconds?: number;
}

/** What a handler gets: the logged-in official and helpers bound to this request. */
export interface ConsoleContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly locale: Locale;
  readonly official: Official;
  /** "official:<username>", as history entries and the audit log name the actor. */
  readonly actor: string;
  readonly now: Date;
  /** The menu entries this official may use. */
  readonly nav: NavItem[];
  /** A text from console.yaml, e.g. `ctx.t('dossiers.title')`. */
  t(key: string, params?: Record<string, string | number>): string;
  /** A console.yaml text in another language (e.g. a note composed in the citizen's). */
  tIn(locale: Locale, key: string, params?: Record<string, string | number>): string;
  /** The hidden CSRF field: every form that POSTs must contain it. */
  csrfField(): Html;
  /** The page inside the console's layout (menu, language switch, logout, flash message). */
  render(page: PageSpec): Promise<FastifyReply>;
  /** 303 to `path` (a /console path), with a message for the next page. */
  redirect(path: string, flash?: Flash): Promise<FastifyReply>;
  audit(entry: Omit<AuditEntry, 'at' | 'actor' | 'ip'>): Promise<void>;
}

export type FormBody = Record<string, string | string[] | undefined>;

/** A role, or 'any' logged-in official (logout, the start page). */
export type Access = Role | 'any';

export interface ConsoleRouter {
  /** GET page. Not logged in → redirect to login; without the role → 403 page. Path is below /console. */
  page(path: string, access: Access, handler: (ctx: ConsoleContext) => Promise<FastifyReply>): void;
  /** POST from a form: as `page`, and the CSRF token must match (403 otherwise). */
  action(path: string, access: Access, handler: (ctx: ConsoleContext, form: FormBody) => Promise<FastifyReply>): void;
  /**
   * POST from a `multipart/form-data` form (a file input): as `action` — session, role, CSRF
   * and origin checked — with the body capped at `maxBytes` and the files handed over apart.
   */
  upload(path: string, access: Access, maxBytes: number, handler: (ctx: ConsoleContext, form: FormBody, files: UploadedFile[]) => Promise<FastifyReply>): void;
  /** GET non-page resource (photos, downloads). Not logged in → 401; without the role → 403. */
  resource(path: string, access: Access, handler: (ctx: ConsoleContext) => Promise<FastifyReply>): void;
}

export interface ConsoleModule {
  nav: NavItem[];
  register(router: ConsoleRouter): void;
}
