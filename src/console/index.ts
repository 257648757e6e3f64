/** @module The officials' web console: registration, the module contract for more pages, and the audit log. */
export * from './audit-log.ts';
export * from './console-module.ts';
export * from './register-console.ts';
export { RedisConsoleSessions } from './redis-console-sessions.ts';
export { RedisLoginLimiter } from './redis-login-limiter.ts';
export type { ConsoleDossierService } from './dossiers/dossier-service-port.ts';
export { html, raw, type Html } from './html.ts';
