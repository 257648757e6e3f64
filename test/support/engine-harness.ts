/**
 * @module Drives the real engine in-process like a chat would: inbound-message factories with
 * increasing ids (after Telegraf's test helpers), the real flows, fields, NLU and a store.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { InboundEvent, InboundMessage, OutboundMessage } from '../../src/channels/channel.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import type { EngineDeps } from '../../src/engine/turn.ts';
import { DEFAULT_PHOTO_LIMITS } from '../../src/fields/field-type.ts';
import { fieldRegistry } from '../../src/fields/index.ts';
import { FlowRegistry } from '../../src/flows/flow-registry.ts';
import { loadFlows, DEFAULT_FLOWS_DIR } from '../../src/flows/load-flows.ts';
import type { FlowDefinition } from '../../src/flows/flow-schema.ts';
import { translator } from '../../src/i18n/locales.ts';
import { FileMediaStore } from '../../src/media/file-media-store.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createNluAdapter } from '../../src/app/nlu-adapter.ts';
import { silentLogger } from '../../src/log/logger.ts';

export { FIXTURE_FLOWS } from './fixtures.ts';

export interface Harness {
  engine: Engine;
  store: Store;
  deps: EngineDeps;
  dataDir: string;
  /** Sends one event from `chat`, returns the replies. */
  send(chat: string, event: InboundEvent, opts?: { messageId?: string }): Promise<OutboundMessage[]>;
  text(chat: string, text: string): Promise<OutboundMessage[]>;
  tap(chat: string, value: string): Promise<OutboundMessage[]>;
  photo(chat: string, bytes: Uint8Array): Promise<OutboundMessage[]>;
}

export interface HarnessOptions {
  flows?: FlowDefinition[];
  flowsDir?: string;
  store?: Store;
  now?: () => Date;
  channel?: InboundMessage['channel'];
}

let seq = 0;

export function createHarness(opts: HarnessOptions = {}): Harness {
  const flows = opts.flows ?? loadFlows(opts.flowsDir ?? DEFAULT_FLOWS_DIR);
  const store = opts.store ?? createMemoryStore();
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  const deps: EngineDeps = {
    flows: new FlowRegistry(flows),
    store,
    media: new FileMediaStore(dataDir),
    nlu: createNluAdapter(flows),
    fields: fieldRegistry,
    t: translator(),
    settings: {
      defaultLocale: 'vi',
      photoLimits: DEFAULT_PHOTO_LIMITS,
      controller: { vi: 'UBND phường thử nghiệm', en: 'the test ward People’s Committee' },
      office: { vi: 'Bộ phận Một cửa, 1 Lê Lợi', en: 'the one-stop desk, 1 Le Loi' },
      retentionDays: 30,
    },
    log: silentLogger(),
    ...(opts.now ? { now: opts.now } : {}),
  };
  const engine = createEngine(deps);
  const channel = opts.channel ?? 'web';
  const send = (chat: string, event: InboundEvent, o?: { messageId?: string }): Promise<OutboundMessage[]> =>
    engine.handle({ channel, chatId: chat, userId: chat, messageId: o?.messageId ?? `m${++seq}`, at: new Date(), event });
  return {
    engine,
    store,
    deps,
    dataDir,
    send,
    text: (chat, text) => send(chat, { kind: 'text', text }),
    tap: (chat, value) => send(chat, { kind: 'choice', value }),
    photo: (chat, bytes) => send(chat, { kind: 'photo', media: { id: `p${++seq}`, size: bytes.length, fetch: async () => bytes } }),
  };
}

/** A real JPEG of a "document" (noise so it is not trivially compressible), w×h pixels. */
export async function documentJpeg(width = 800, height = 600): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer());
}

/** The text of the last reply (the current question). */
export function last(replies: OutboundMessage[]): OutboundMessage {
  const r = replies[replies.length - 1];
  if (!r) throw new Error('no reply');
  return r;
}

export function allText(replies: OutboundMessage[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}

/** The value of the choice whose label matches. */
export function choiceValue(reply: OutboundMessage, label: RegExp): string {
  const c = reply.choices?.find((x) => label.test(x.label));
  if (!c) throw new Error(`no choice matching ${label} in ${JSON.stringify(reply.choices?.map((x) => x.label))}`);
  return c.value;
}
