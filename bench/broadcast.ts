/**
 * `npm run bench:broadcast [recipients] [allowedPerSecond]` — one broadcast to 10,000 Telegram
 * subscribers through the whole app (createApp: broadcast dispatcher, outbox, TelegramChannel on
 * telegraf) against the fake Bot API server, which allows `allowedPerSecond` (200) messages per
 * rolling second and answers 429 with retry_after above that. Store: Redis when REDIS_URL is
 * set (a fresh key prefix, deleted afterwards), else memory.
 *
 * Prints the achieved send rate as a share of the allowed rate (accepted messages between the
 * first and the last one), the 429s provoked, duplicates (chats that got it more than once) and
 * missed recipients (chats that never got it), then one JSON line.
 *
 * The bot's pace comes from the production settings: TELEGRAM_RATE_GLOBAL (default here: 95 % of
 * the allowed rate — the channel's own limiter, burst 5, so no second can exceed the limit even
 * when requests arrive bunched) and BROADCAST_RATE_SHARE (default here 0.985: the broadcast's
 * share of it, 187/s; the rest is kept for replies and pushes). A 429 costs a whole second
 * (retry_after ≥ 1 s pauses the bot), so the margin pays for itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/create-app.ts';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { telegramOptionsFromEnv } from '../src/channels/telegram/telegram-env.ts';
import { loadConfig } from '../src/config/config.ts';
import { silentLogger } from '../src/log/logger.ts';
import { FakeTelegram } from '../test/support/fake-telegram/index.ts';
import { deleteKeys } from '../test/support/redis.ts';

const RECIPIENTS = Number(process.argv[2] ?? 10_000);
const ALLOWED = Number(process.argv[3] ?? 200);
const CHANNEL_RATE = process.env.TELEGRAM_RATE_GLOBAL ?? String(ALLOWED * 0.95);
const SHARE = process.env.BROADCAST_RATE_SHARE ?? '0.985';
const FIRST_CHAT = 5_000_000;

async function main(): Promise<void> {
  const fake = await FakeTelegram.start();
  fake.limitRate({ globalPerSecond: ALLOWED });
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-broadcast-'));
  const redisUrl = process.env.REDIS_URL;
  const prefix = `bench:broadcast:${Date.now()}:`;
  const env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_RATE_GLOBAL: CHANNEL_RATE,
    BROADCAST_RATE_SHARE: SHARE,
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: prefix } : {}),
  };
  const config = { ...loadConfig(env), port: 0 };
  const telegram = new TelegramChannel({ ...telegramOptionsFromEnv(env)!, logger: silentLogger() });
  const app = createApp({ config, logger: silentLogger(), channels: [telegram] });
  await app.start();
  try {
    const chats = Array.from({ length: RECIPIENTS }, (_, i) => FIRST_CHAT + i);
    const since = new Date().toISOString();
    for (let i = 0; i < chats.length; i += 1000) {
      await Promise.all(chats.slice(i, i + 1000).map((c, j) => app.store.subscriptions.put({ channel: 'telegram', chatId: String(c), locale: (i + j) % 4 === 0 ? 'en' : 'vi', topics: ['general'], since })));
    }
    const audience = await app.broadcasts.count({ channels: ['telegram'] });
    if (audience.total !== RECIPIENTS) throw new Error(`audience ${audience.total}, expected ${RECIPIENTS}`);

    process.stdout.write(`broadcast to ${RECIPIENTS} Telegram chats, fake Bot API allows ${ALLOWED}/s; store ${app.store.kind}; TELEGRAM_RATE_GLOBAL=${CHANNEL_RATE} BROADCAST_RATE_SHARE=${SHARE}\n`);
    const started = Date.now();
    const b = await app.broadcasts.create({ text: { vi: 'Phường thông báo: lịch tiếp công dân dịp lễ', en: 'Office hours over the holiday' }, segment: { channels: ['telegram'] } }, 'official:bench');
    let lastPrint = 0;
    for (;;) {
      const p = await app.broadcasts.progress(b.id);
      if (!p) throw new Error('broadcast vanished');
      if (Date.now() - lastPrint >= 5000) {
        lastPrint = Date.now();
        process.stdout.write(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  sent ${p.counts.sent}  remaining ${p.counts.remaining}  ${p.ratePerSecond}/s  eta ${p.etaSeconds ?? '-'} s\n`);
      }
      if (p.status === 'done') break;
      if (Date.now() - started > 30 * 60_000) throw new Error('gave up after 30 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const elapsedS = (Date.now() - started) / 1000;

    const sends = fake.calls.filter((c) => c.method === 'sendMessage');
    const accepted = sends.filter((c) => c.status === 200);
    const limited = sends.filter((c) => c.status === 429).length;
    const perChat = new Map<number, number>();
    for (const c of accepted) if (c.chatId !== undefined) perChat.set(c.chatId, (perChat.get(c.chatId) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    const missed = chats.filter((c) => !perChat.has(c)).length;
    const times = accepted.map((c) => c.at).sort((x, y) => x - y);
    const spanS = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const rate = spanS > 0 ? (accepted.length - 1) / spanS : 0;
    const counts = (await app.broadcasts.progress(b.id))?.counts;

    const rows: [string, string][] = [
      ['recipients', String(RECIPIENTS)],
      ['accepted sends', String(accepted.length)],
      ['send rate', `${rate.toFixed(1)}/s = ${((rate / ALLOWED) * 100).toFixed(1)} % of ${ALLOWED}/s (target ≥ 90 %)`],
      ['429s provoked', `${limited} = ${((limited / Math.max(1, sends.length)) * 100).toFixed(2)} % of sends (target < 1 %)`],
      ['duplicates', String(duplicates)],
      ['missed', String(missed)],
      ['broadcast counts', JSON.stringify(counts)],
      ['wall time', `${elapsedS.toFixed(1)} s (creation to done)`],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(18)} ${v}\n`);
    process.stdout.write(
      `${JSON.stringify({ store: app.store.kind, recipients: RECIPIENTS, allowed: ALLOWED, rate: Number(rate.toFixed(1)), share: Number((rate / ALLOWED).toFixed(4)), http429: limited, sends: sends.length, duplicates, missed, wallS: Number(elapsedS.toFixed(1)) })}\n`,
    );
    if (duplicates > 0 || missed > 0) process.exitCode = 1;
  } finally {
    await app.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (redisUrl) await deleteKeys(redisUrl, prefix);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
