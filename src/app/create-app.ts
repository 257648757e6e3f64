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
import { createRedisStore } from '../store/redis-store.ts';
import type { Store } from '../store/store.ts';
import { createNluAdapter } from './nlu-adapter.ts';

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
}

export interface App {
  readonly http: FastifyInstance;
  readonly engine: Engine;
  readonly store: Store;
  readonly web: WebChannel;
  readonly flows: FlowRegistry;
  readonly channels: Channel[];
  /** Listens and starts every channel; a channel that fails to start is logged, the rest keep running. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export function createApp(opts: AppOptions): App {
  const { config, logger } = opts;
  const env = config.env;
  const store =
    opts.store ??
    (config.redisUrl
      ? createRedisStore({ url: config.redisUrl, prefix: env.REDIS_PREFIX, sessionTtlS: env.SESSION_TTL_DAYS * 86_400 })
      : createMemoryStore());
  const flows = new FlowRegistry(loadFlows(opts.flowsDir ?? env.FLOWS_DIR ?? DEFAULT_FLOWS_DIR));
  const t = translator();
  const photoLimits = { ...DEFAULT_PHOTO_LIMITS, maxBytes: Math.round(env.PHOTO_MAX_MB * 1024 * 1024) };
  const engine = createEngine({
    flows,
    store,
    media: new FileMediaStore(config.dataDir),
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
    ...(opts.onSubmitted ? { onSubmitted: opts.onSubmitted } : {}),
  });
  const web = new WebChannel(store.chatLog);
  const channels: Channel[] = [web, ...(opts.channels ?? [])];
  const http = createHttpServer({ web, store, t, logger, maxPhotoBytes: photoLimits.maxBytes, defaultLocale: env.DEFAULT_LOCALE });

  for (const channel of channels) {
    const hook = channel.webhook;
    if (hook) http.post(hook.path, async (req, reply) => reply.code(await hook.handle(req.headers, req.body)).send());
  }

  const deliver = (channel: Channel) => async (m: InboundMessage): Promise<void> => {
    void channel.typing?.(m.chatId);
    const replies = await engine.handle(m);
    if (replies.length > 0) await channel.send(m.chatId, replies);
  };

  // The web chat answers as soon as the app exists (tests inject HTTP requests without listening).
  void web.start(deliver(web));

  return {
    http,
    engine,
    store,
    web,
    flows,
    channels,
    async start() {
      const url = await http.listen({ port: config.port, host: config.host });
      for (const channel of channels) {
        if (channel === web) continue;
        try {
          await channel.start(deliver(channel));
          logger.info({ channel: channel.name }, 'channel started');
        } catch (e) {
          logger.error({ channel: channel.name, err: e instanceof Error ? e.message : String(e) }, 'channel failed to start; the others keep running');
        }
      }
      return url;
    },
    async stop() {
      for (const channel of channels) await channel.stop().catch(() => {});
      await http.close();
      await store.close();
    },
  };
}
