/**
 * @module The composition root: config → store → flows → engine → channels → HTTP server.
 * Everything is built here and injected; nothing else reaches for globals.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Channel, InboundMessage } from '../channels/channel.ts';
import { WebChannel } from '../channels/web/web-channel.ts';
import type { Config } from '../config/config.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { DEFAULT_PHOTO_LIMITS } from '../fields/field-type.ts';
import { fieldRegistry } from '../fields/index.ts';
import { FlowRegistry } from '../flows/flow-registry.ts';
import { DEFAULT_FLOWS_DIR, loadFlows } from '../flows/load-flows.ts';
import { createHttpServer } from '../http/server.ts';
import { translator } from '../i18n/locales.ts';
import { FileMediaStore } from '../media/file-media-store.ts';
import type { Dossier } from '../dossiers/dossier.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../store/redis-store.ts';
import type { Store } from '../store/store.ts';
import { createNluAdapter } from './nlu-adapter.ts';
import { FileAuditLog } from '../console/audit-log.ts';
import { registerConsole, RedisConsoleSessions, RedisLoginLimiter } from '../console/index.ts';
import { FileOfficialsStore } from '../officials/officials-store.ts';
import { OfficialLinkCodes } from '../officials/official-links.ts';
import { RedisLinkCodes } from '../officials/redis-link-codes.ts';
import { broadcastsModule } from '../console/broadcasts/broadcasts-module.ts';
import { zaloModule, type ZaloModuleDeps } from '../console/zalo/zalo-module.ts';
import { freeDraftImage } from '../console/broadcasts/draft-store.ts';
import { RedisDraftStore } from '../console/broadcasts/redis-draft-store.ts';
import type { DossierService } from '../dossiers/dossier-service.ts';
import { createStatusDelivery, type DeliveryTuning } from '../dossiers/status-delivery.ts';
import type { Gateway } from '../gateway/gateway.ts';
import { registerGatewayRoutes } from '../http/gateway-routes.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { BroadcastService } from '../broadcast/broadcast-service.ts';
import { createBroadcasts, type CreateBroadcastsDeps } from '../broadcast/create-broadcasts.ts';
import { unsubscribeWhenBlocked } from '../broadcast/unsubscribe-when-blocked.ts';
import { chatKey } from '../store/store.ts';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Overrides the store chosen from the config (tests). */
  store?: Store;
  flowsDir?: string;
  now?: () => Date;
  /** Extra channels (Telegram, Zalo, test doubles), started with the web chat. */
  channels?: Channel[];
  onSubmitted?: (d: Dossier) => Promise<void>;
  /** Outbox, recovery and gateway knobs (tests, benchmarks). */
  delivery?: DeliveryTuning;
  /** Broadcast delivery knobs (tests, benchmarks). */
  broadcastTuning?: CreateBroadcastsDeps['tuning'];
  /** The Zalo channel's connection and QR login, for the console's Zalo page (build-channels.ts). */
  zalo?: Required<ZaloModuleDeps> & { desk: { stop(): void } };
}

export interface App {
  readonly http: FastifyInstance;
  readonly engine: Engine;
  readonly store: Store;
  readonly web: WebChannel;
  readonly flows: FlowRegistry;
  readonly channels: Channel[];
  /** Status changes and their pushes (console, gateway, tests). */
  readonly dossiers: DossierService;
  /** Delivery states, unreachable chats. */
  readonly outbox: Outbox;
  readonly gateway: Gateway;
  /** Broadcasts to subscribers (src/broadcast): composer, delivery, progress, reports. */
  readonly broadcasts: BroadcastService;
  /** Listens and starts every channel; a channel that fails to start is logged, the rest keep running. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export function createApp(opts: AppOptions): App {
  const { config, logger } = opts;
  const env = config.env;
  // One Redis client for the store and the outbox (BullMQ gets duplicates of its settings).
  const redis = config.redisUrl && opts.store?.kind !== 'memory' ? createRedisClient(config.redisUrl) : undefined;
  const store =
    opts.store ??
    (config.redisUrl && redis
      ? createRedisStore({ url: config.redisUrl, prefix: env.REDIS_PREFIX, sessionTtlS: env.SESSION_TTL_DAYS * 86_400 }, redis)
      : createMemoryStore());
  const flows = new FlowRegistry(loadFlows(opts.flowsDir ?? env.FLOWS_DIR ?? DEFAULT_FLOWS_DIR));
  const t = translator();
  const photoLimits = { ...DEFAULT_PHOTO_LIMITS, maxBytes: Math.round(env.PHOTO_MAX_MB * 1024 * 1024) };
  const media = new FileMediaStore(config.dataDir);
  // Status pushes, the outbox and the back-office gateway (src/dossiers/status-delivery.ts).
  let listening = `http://${config.host}:${config.port}`;
  const delivery = createStatusDelivery({ env, store, ...(redis ? { redis } : {}), flows, t, media, logger, localUrl: () => listening, ...(opts.delivery ? { tuning: opts.delivery } : {}) });
  // Broadcasts to subscribers, through the same outbox (src/broadcast/README.md).
  const broadcasts = createBroadcasts({ env, store, ...(redis ? { redis } : {}), outbox: delivery.outbox, media, logger, ...(opts.broadcastTuning ? { tuning: opts.broadcastTuning } : {}) });
  const onSubmitted = async (d: Dossier): Promise<void> => {
    await delivery.gateway.submitted(d);
    await opts.onSubmitted?.(d);
  };
  // Officials link their own chat ("liên kết 123456") to receive test sends of broadcasts.
  const officials = new FileOfficialsStore(config.dataDir);
  const officialLinks = new OfficialLinkCodes(officials, opts.now, undefined, redis ? new RedisLinkCodes(redis, env.REDIS_PREFIX) : undefined);
  const engine = createEngine({
    flows,
    store,
    media,
    nlu: createNluAdapter(flows.all().map((f) => f.flow)),
    fields: fieldRegistry,
    t,
    settings: {
      defaultLocale: env.DEFAULT_LOCALE,
      photoLimits,
      controller: { vi: env.CONTROLLER_VI, en: env.CONTROLLER_EN },
      office: { vi: env.OFFICE_VI, en: env.OFFICE_EN },
      retentionDays: env.SESSION_TTL_DAYS,
    },
    log: logger,
    ...(opts.now ? { now: opts.now } : {}),
    onSubmitted,
    dossierActions: delivery.dossiers,
    officialLinks,
  });
  const web = new WebChannel(store.chatLog);
  const channels: Channel[] = [web, ...(opts.channels ?? [])];
  const http = createHttpServer({ web, store, t, logger, maxPhotoBytes: photoLimits.maxBytes, defaultLocale: env.DEFAULT_LOCALE, ...(env.TRUST_PROXY !== undefined ? { trustProxy: env.TRUST_PROXY } : {}) });

  // The officials' console at /console (src/console).
  registerConsole(http, {
    dossiers: store.dossiers,
    flows,
    fields: fieldRegistry,
    media,
    officials,
    audit: new FileAuditLog(config.dataDir),
    t,
    logger,
    service: delivery.dossiers,
    outbox: delivery.outbox,
    ...(opts.now ? { now: opts.now } : {}),
    // With Redis, officials' sessions and failed logins outlive a restart and every process shares them.
    ...(redis ? { sessions: new RedisConsoleSessions(redis, env.REDIS_PREFIX), limiter: new RedisLoginLimiter(redis, env.REDIS_PREFIX) } : {}),
    modules: [
      broadcastsModule({
        service: broadcasts,
        media,
        subscriptions: store.subscriptions,
        officials,
        links: officialLinks,
        t,
        photoLimits,
        // With Redis, a broadcast being composed outlives a restart and any process takes the next step.
        ...(redis ? { drafts: new RedisDraftStore(redis, env.REDIS_PREFIX, freeDraftImage(media)) } : {}),
      }),
      // Without Zalo the page still exists and says how to enable it.
      zaloModule(opts.zalo ?? {}),
    ],
  });

  for (const channel of channels) {
    const hook = channel.webhook;
    if (hook) http.post(hook.path, async (req, reply) => reply.code(await hook.handle(req.headers, req.body)).send());
  }

  const deliver = (channel: Channel) => async (m: InboundMessage): Promise<void> => {
    void channel.typing?.(m.chatId);
    // A chat that writes to us again takes messages again: broadcasts stop skipping it. The web
    // chat is never marked unreachable, so its messages spare the store the write.
    if (channel !== web) {
      delivery.outbox.unreachable.clear(chatKey(m.channel, m.chatId)).catch((e: unknown) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not clear the unreachable mark of a chat'));
    }
    const replies = await engine.handle(m);
    if (replies.length > 0) await channel.send(m.chatId, replies);
  };

  // The web chat answers as soon as the app exists (tests inject HTTP requests without listening).
  void web.start(deliver(web));
  // A chat found blocked while delivering loses its subscription (issue 8).
  delivery.register(channels.map((c) => unsubscribeWhenBlocked(c, store.subscriptions, logger)));
  registerGatewayRoutes(http, delivery.routes);
  // In-process delivery needs nothing external: it runs from the start, like the web chat.
  // On Redis, workers start with the app (start()).
  if (delivery.backend.queues.kind === 'memory') {
    delivery.start().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'delivery failed to start'));
    broadcasts.start().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'broadcasts failed to start'));
  }

  return {
    http,
    engine,
    store,
    web,
    flows,
    channels,
    dossiers: delivery.dossiers,
    outbox: delivery.outbox,
    gateway: delivery.gateway,
    broadcasts,
    async start() {
      const url = await http.listen({ port: config.port, host: config.host });
      listening = url;
      for (const channel of channels) {
        if (channel === web) continue;
        try {
          await channel.start(deliver(channel));
          logger.info({ channel: channel.name }, 'channel started');
        } catch (e) {
          logger.error({ channel: channel.name, err: e instanceof Error ? e.message : String(e) }, 'channel failed to start; the others keep running');
        }
      }
      await delivery.start();
      await broadcasts.start();
      return url;
    },
    async stop() {
      // Broadcasts stop feeding the outbox first; sends in progress finish while their channels are still up.
      await broadcasts.stop().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'broadcasts failed to stop cleanly'));
      await delivery.stop().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'delivery failed to stop cleanly'));
      opts.zalo?.desk.stop();
      for (const channel of channels) await channel.stop().catch(() => {});
      await http.close();
      await store.close();
      // A client made only for the outbox (the store was passed in) is ours to close.
      if (redis && opts.store) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
