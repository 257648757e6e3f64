/**
 * @module Builds the delivery side of dossiers for the composition root: the outbox (BullMQ on
 * the app's Redis client, or in-process with the memory store), the dossier service whose
 * status changes it pushes, and the back-office gateway listening to both. One object to
 * start after the channels and stop before them, so create-app stays a list of parts.
 */
import type { Channel, Locale } from '../channels/channel.ts';
import type { Env } from '../config/config.ts';
import { createGateway, type GatewayDeps } from '../gateway/create-gateway.ts';
import type { Gateway } from '../gateway/gateway.ts';
import type { FlowRegistry } from '../flows/flow-registry.ts';
import type { GatewayRoutesDeps } from '../http/gateway-routes.ts';
import type { Translate } from '../i18n/locales.ts';
import { pick } from '../i18n/text.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';
import { memoryDeliveryBackend, redisDeliveryBackend, type DeliveryBackend, type RedisDeliveryOptions } from '../outbox/delivery-backend.ts';
import { DurableOutbox, type DurableOutboxOptions } from '../outbox/durable-outbox.ts';
import type { Store } from '../store/store.ts';
import { DossierService } from './dossier-service.ts';
import type { StatusMessageContext } from './status-message.ts';

/** Knobs for tests and benchmarks (production uses the defaults). */
export interface DeliveryTuning {
  retry?: DurableOutboxOptions['retry'];
  afterSend?: DurableOutboxOptions['afterSend'];
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  recoveryDelayMs?: number;
  gateway?: GatewayDeps['tuning'];
}

export interface StatusDeliveryDeps {
  env: Env;
  store: Store;
  /** The app's Redis client when the store is on Redis: the outbox then runs on BullMQ. */
  redis?: RedisDeliveryOptions['client'];
  flows: FlowRegistry;
  t: Translate;
  media: MediaStore;
  logger: Logger;
  /** This server's address once it listens (photo links when PUBLIC_URL is not set). */
  localUrl: () => string;
  tuning?: DeliveryTuning;
}

export interface StatusDelivery {
  readonly backend: DeliveryBackend;
  readonly outbox: DurableOutbox;
  readonly dossiers: DossierService;
  readonly gateway: Gateway;
  /** What POST /api/gateway/status and the photo links need (registerGatewayRoutes). */
  readonly routes: GatewayRoutesDeps;
  /** Makes the app's channels (or wrappers of their `send`) available to the outbox. */
  register(channels: readonly Pick<Channel, 'name' | 'send'>[]): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createStatusDelivery(deps: StatusDeliveryDeps): StatusDelivery {
  const { env, store, flows, logger, tuning = {} } = deps;
  const log = logger.child({ module: 'delivery' });
  const backend =
    deps.redis && store.kind === 'redis'
      ? redisDeliveryBackend({
          client: deps.redis,
          prefix: env.REDIS_PREFIX,
          logger: log,
          lockDurationMs: tuning.lockDurationMs ?? env.OUTBOX_TAKEOVER_MS,
          stalledIntervalMs: tuning.stalledIntervalMs ?? env.OUTBOX_TAKEOVER_MS,
        })
      : memoryDeliveryBackend();
  const outbox = new DurableOutbox({
    ...backend,
    logger: log,
    concurrency: env.OUTBOX_CONCURRENCY,
    ...(tuning.retry ? { retry: tuning.retry } : {}),
    ...(tuning.afterSend ? { afterSend: tuning.afterSend } : {}),
  });
  const messages: StatusMessageContext = {
    t: deps.t,
    procedureTitle: (id: string, locale: Locale) => {
      const flow = flows.get(id);
      return flow ? pick(flow.flow.title, locale) : id;
    },
  };
  const dossiers = new DossierService({
    dossiers: store.dossiers,
    outbox,
    messages,
    logger: log,
    queues: backend.queues,
    ...(tuning.recoveryDelayMs !== undefined ? { recoveryDelayMs: tuning.recoveryDelayMs } : {}),
  });
  const { gateway, links, secret } = createGateway({ env, backend, dossiers: store.dossiers, logger: log, localUrl: deps.localUrl, ...(tuning.gateway ? { tuning: tuning.gateway } : {}) });
  dossiers.onStatusChanged((change) => gateway.statusChanged(change));

  let running = false;
  return {
    backend,
    outbox,
    dossiers,
    gateway,
    routes: {
      ...(secret ? { secret } : {}),
      ...(links ? { links } : {}),
      service: dossiers,
      stepsOf: (procedureId) => flows.get(procedureId)?.steps,
      dossierProcedure: async (code) => (await store.dossiers.get(code))?.procedureId,
      media: deps.media,
      logger: log,
    },
    register: (channels) => outbox.register(...channels),
    async start() {
      if (running) return;
      running = true;
      await outbox.start();
      await dossiers.start();
      await gateway.start();
    },
    async stop() {
      if (!running) {
        await backend.queues.close();
        return;
      }
      running = false;
      await gateway.stop();
      await dossiers.stop();
      await outbox.stop();
      await backend.queues.close();
    },
  };
}
