/**
 * `npm run bench:push [changes] [inFlight]` — status changes through the real DossierService and
 * BullMQ outbox on Redis (REDIS_URL, else a private redis-server) to a fake channel that only
 * records what it receives. Two phases, as design.md asks:
 *  - throughput, closed loop: `inFlight` dossiers at a time, each making its next change
 *    (receive → process → result ready → complete) once the previous push arrived;
 *  - latency, open loop: one change per fresh dossier at a fixed rate, half the throughput
 *    found, timed from the change being requested to the channel's send.
 * Then duplicates (a push received twice) and lost ones (never received), by push key, and
 * the ledger's delivery states. Prints a table and one JSON line.
 */
import type { Channel, OutboundMessage } from '../src/channels/channel.ts';
import { DossierService } from '../src/dossiers/dossier-service.ts';
import type { Dossier } from '../src/dossiers/dossier.ts';
import { LIFECYCLE, type LifecycleAction } from '../src/dossiers/lifecycle.ts';
import { newTrackingCode } from '../src/dossiers/tracking-code.ts';
import { translator } from '../src/i18n/locales.ts';
import { silentLogger } from '../src/log/logger.ts';
import { redisDeliveryBackend } from '../src/outbox/delivery-backend.ts';
import { DurableOutbox } from '../src/outbox/durable-outbox.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import { deleteKeys, startRedisServer } from '../test/support/redis.ts';

const CHANGES = Number(process.argv[2] ?? 10_000);
const IN_FLIGHT = Number(process.argv[3] ?? 256);
const CONCURRENCY = Number(process.env.OUTBOX_CONCURRENCY ?? 64);
const CHAIN: LifecycleAction[] = ['receive', 'process', 'result_ready', 'complete'];
const NOTE: Partial<Record<LifecycleAction, string>> = { result_ready: 'Mời bạn nhận kết quả tại Bộ phận Một cửa, thời gian: 8:00–11:30.' };

const t = translator();
const quantile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/** Records every push by key `chatId|status line`, resolves whoever waits for it, times it. */
class FakeChannel implements Pick<Channel, 'name' | 'send'> {
  readonly name = 'telegram' as const;
  readonly received = new Map<string, number>();
  readonly latencies: number[] = [];
  private readonly requested = new Map<string, number>();
  private readonly waiting = new Map<string, () => void>();

  expect(key: string, at: number): Promise<void> {
    this.requested.set(key, at);
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  async send(chatId: string, messages: OutboundMessage[]): Promise<void> {
    const now = performance.now();
    for (const m of messages) {
      const key = `${chatId}|${m.text.split('\n')[1]?.replace(/ \(lúc .*$/, '') ?? ''}`;
      this.received.set(key, (this.received.get(key) ?? 0) + 1);
      const at = this.requested.get(key);
      if (at !== undefined && this.received.get(key) === 1) this.latencies.push(now - at);
      this.waiting.get(key)?.();
      this.waiting.delete(key);
    }
  }
}

/** The push's status line without its time: with the chat id, the key a push is counted by. */
const statusLine = (action: LifecycleAction): string =>
  t('vi', 'notify.status', { status: t('vi', `engine.status.${LIFECYCLE[action].to}`), when: '' }).replace(/ \(lúc .*$/, '');

function dossier(chatId: string, at: string): Dossier {
  return {
    code: newTrackingCode(),
    submissionKey: `bench-${chatId}`,
    procedureId: 'khai-sinh',
    procedureVersion: 1,
    answers: { child_name: 'Nguyễn Văn An' },
    photos: [],
    applicant: { name: 'Nguyễn Thị Lan' },
    submitter: { channel: 'telegram', chatId, userId: chatId, self: true },
    notify: [{ channel: 'telegram', chatId, locale: 'vi' }],
    status: 'submitted',
    history: [{ at, status: 'submitted', by: 'citizen' }],
    amendments: [],
    followers: [],
    submittedAt: at,
    updatedAt: at,
  };
}

async function main(): Promise<void> {
  const own = process.env.REDIS_URL ? undefined : await startRedisServer();
  const url = process.env.REDIS_URL ?? own!.url;
  const prefix = `bench:push:${Date.now()}:`;
  const client = createRedisClient(url);
  const store = createRedisStore({ url, prefix }, client);
  const backend = redisDeliveryBackend({ client, prefix, logger: silentLogger() });
  const channel = new FakeChannel();
  const outbox = new DurableOutbox({ ...backend, logger: silentLogger(), channels: [channel], concurrency: CONCURRENCY });
  const service = new DossierService({
    dossiers: store.dossiers,
    outbox,
    messages: { t, procedureTitle: () => 'Đăng ký khai sinh' },
    logger: silentLogger(),
    queues: backend.queues,
  });
  await outbox.start();
  await service.start();

  const now = new Date().toISOString();
  const dossiers = CHANGES / CHAIN.length;
  const make = async (tag: string, n: number): Promise<Dossier[]> => {
    const out: Dossier[] = [];
    for (let i = 0; i < n; i += 500) {
      const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => dossier(`${tag}${i + k}`, now));
      out.push(...(await Promise.all(batch.map(async (d) => (await store.dossiers.create(d)).dossier))));
    }
    return out;
  };
  const change = async (d: Dossier, action: LifecycleAction): Promise<void> => {
    const arrived = channel.expect(`${d.notify[0]!.chatId}|${statusLine(action)}`, performance.now());
    await service.transition(d.code, { action, by: 'official:bench', at: new Date(), ...(NOTE[action] ? { note: NOTE[action] } : {}) });
    await arrived;
  };

  // Warm-up: JIT, Lua scripts loaded, BullMQ connections ready.
  const warm = await make('w', 200);
  await Promise.all(warm.map((d) => change(d, 'receive')));

  // Throughput, closed loop.
  const chains = await make('c', dossiers);
  channel.latencies.length = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, chains.length) }, async () => {
      for (let i = next++; i < chains.length; i = next++) for (const action of CHAIN) await change(chains[i]!, action);
    }),
  );
  const closedSecs = (performance.now() - t0) / 1000;
  const rate = Math.round(CHANGES / closedSecs);
  const closedLat = [...channel.latencies].sort((a, b) => a - b);

  // Latency, open loop at half that rate: one change per fresh dossier, on schedule whatever happens.
  const openN = Math.min(CHANGES, Math.max(1000, Math.round(rate * 5)));
  const fresh = await make('o', openN);
  channel.latencies.length = 0;
  const offered = Math.max(1, Math.round(rate / 2));
  const start = performance.now() + 20;
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = (): void => {
      while (k < openN && start + (k * 1000) / offered <= performance.now()) pending.push(change(fresh[k++]!, 'receive'));
      if (k < openN) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const drained = Promise.all(pending);
  const settled = await Promise.race([drained.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 60_000))]);
  const openLat = [...channel.latencies].sort((a, b) => a - b);

  // Late duplicates would show up now; then count by key against what was asked for.
  await new Promise((r) => setTimeout(r, 1000));
  const expected = [
    ...warm.map((d) => `${d.notify[0]!.chatId}|${statusLine('receive')}`),
    ...chains.flatMap((d) => CHAIN.map((a) => `${d.notify[0]!.chatId}|${statusLine(a)}`)),
    ...fresh.map((d) => `${d.notify[0]!.chatId}|${statusLine('receive')}`),
  ];
  const duplicates = [...channel.received.values()].filter((n) => n > 1).length;
  const lost = expected.filter((k) => !channel.received.has(k)).length;
  const wanted = new Set(expected);
  const unexpected = [...channel.received.keys()].filter((k) => !wanted.has(k)).length;
  const states = (await Promise.all([...chains, ...fresh].map((d) => outbox.forDossier(d.code)))).flat();
  const notSent = states.filter((s) => s.status !== 'sent').length;

  const summary = {
    changes: CHANGES,
    inFlight: IN_FLIGHT,
    outboxConcurrency: CONCURRENCY,
    pushesPerSec: rate,
    closedP50ms: +quantile(closedLat, 0.5).toFixed(1),
    closedP99ms: +quantile(closedLat, 0.99).toFixed(1),
    openRate: offered,
    openPushes: openN,
    openP50ms: +quantile(openLat, 0.5).toFixed(1),
    openP99ms: +quantile(openLat, 0.99).toFixed(1),
    openMaxMs: +(openLat.at(-1) ?? NaN).toFixed(1),
    duplicates,
    lost,
    unexpected,
    ledgerSent: states.length - notSent,
    ledgerNotSent: notSent,
    drained: settled,
  };
  process.stdout.write(`push benchmark: ${CHANGES} status changes (${dossiers} dossiers × ${CHAIN.join(' → ')}), DossierService + BullMQ outbox on ${url}, fake channel\n`);
  console.table({
    'throughput (closed loop)': { value: `${rate} pushes/s`, detail: `${IN_FLIGHT} in flight, outbox concurrency ${CONCURRENCY}, change→send p50 ${summary.closedP50ms} ms, p99 ${summary.closedP99ms} ms` },
    'latency (open loop)': { value: `p99 ${summary.openP99ms} ms`, detail: `${openN} changes at ${offered}/s: p50 ${summary.openP50ms} ms, max ${summary.openMaxMs} ms` },
    duplicates: { value: duplicates, detail: 'pushes received more than once' },
    lost: { value: lost, detail: `never received (ledger: ${summary.ledgerSent} sent, ${notSent} not sent)` },
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);

  await service.stop();
  await outbox.stop();
  await backend.queues.close();
  await deleteKeys(url, prefix);
  await store.close();
  await own?.stop();
  process.exit(duplicates === 0 && lost === 0 ? 0 : 1);
}

await main();
