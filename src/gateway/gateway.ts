/**
 * @module Where dossiers go besides our own console: `builtin` keeps them here (officials work
 * in /console, nothing leaves the server); `http` (GATEWAY_URL) also POSTs each new dossier to
 * a back office, which reports statuses back at POST /api/gateway/status.
 */
import type { Dossier } from '../dossiers/dossier.ts';
import type { StatusChange } from '../dossiers/dossier-service.ts';

export interface Gateway {
  readonly kind: 'builtin' | 'http';
  /** A new dossier (the engine's onSubmitted). Durable when it resolves; delivery happens later. */
  submitted(dossier: Dossier): Promise<void>;
  /** A status change (the dossier service's listener): the citizen's supplement goes to the back office too. */
  statusChanged(change: StatusChange): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Officials use the console; there is nobody else to tell. */
export class BuiltinGateway implements Gateway {
  readonly kind = 'builtin' as const;
  async submitted(): Promise<void> {}
  async statusChanged(): Promise<void> {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
