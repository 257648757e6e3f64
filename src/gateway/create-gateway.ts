/**
 * @module Picks the gateway from the configuration: `http` when GATEWAY_URL is set, else `builtin`.
 * Photo links (when a secret is set) are built here too, shared with the photo route.
 */
import type { Logger } from '../log/logger.ts';
import type { DeliveryBackend } from '../outbox/delivery-backend.ts';
import type { DossierStore } from '../store/store.ts';
import { BuiltinGateway, type Gateway } from './gateway.ts';
import type { GatewayEnv } from './gateway-env.ts';
import { HttpGateway, type HttpGatewayOptions } from './http-gateway.ts';
import { PhotoLinks } from './photo-links.ts';

export interface GatewaySetup {
  gateway: Gateway;
  /** Present when GATEWAY_SECRET is set: signs and checks photo links. */
  links?: PhotoLinks;
  secret?: string;
}

export interface GatewayDeps {
  env: GatewayEnv;
  backend: DeliveryBackend;
  dossiers: DossierStore;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** This server's address as others reach it; used when PUBLIC_URL is not set. */
  localUrl: () => string;
  /** Test knobs (retry delays, clock). */
  tuning?: Pick<HttpGatewayOptions, 'retry' | 'now' | 'timeoutMs'>;
}

export function createGateway(deps: GatewayDeps): GatewaySetup {
  const { env } = deps;
  const secret = env.GATEWAY_SECRET;
  if (!secret) return { gateway: new BuiltinGateway() };
  const base = (): string => env.PUBLIC_URL ?? deps.localUrl();
  const links = new PhotoLinks(secret, base, Math.round(env.GATEWAY_PHOTO_TTL_HOURS * 3600));
  if (!env.GATEWAY_URL) return { gateway: new BuiltinGateway(), links, secret };
  const gateway = new HttpGateway({
    url: env.GATEWAY_URL,
    secret,
    queues: deps.backend.queues,
    ledger: deps.backend.ledger,
    dossiers: deps.dossiers,
    links,
    statusUrl: () => `${base().replace(/\/+$/, '')}/api/gateway/status`,
    logger: deps.logger,
    ...deps.tuning,
  });
  return { gateway, links, secret };
}
