import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import { isMotcuaError } from '../../errors.ts';
import { LimitsSchema } from './options.ts';
import { PacedSender } from './paced-sender.ts';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const limits = LimitsSchema.parse({ retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 1000 } });
const tgError = (code: number, description: string, retry_after?: number): TelegramError =>
  new TelegramError({ error_code: code, description, ...(retry_after !== undefined ? { parameters: { retry_after } } : {}) });

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => Promise.reject(new Error('expected a failure')), (e: unknown) => e);
}

describe('PacedSender', () => {
  it('backs off exponentially with jitter between half and the full delay', async () => {
    const sender = new PacedSender({ limits, logger: silent, random: () => 0 });
    const at: number[] = [];
    const err = await failure(sender.call('1', 'sendMessage', 'free', async () => {
      at.push(Date.now());
      throw tgError(502, 'Bad Gateway');
    }));
    expect(isMotcuaError(err, 'DELIVERY_FAILED')).toBe(true);
    expect(at).toHaveLength(3);
    // random() = 0 → half of 20 ms, then half of 40 ms.
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(9);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(19);
  });

  it('maps 403 and "chat not found" to CHANNEL_UNREACHABLE and calls the hook; other 400s to BAD_REQUEST', async () => {
    const gone: string[] = [];
    const sender = new PacedSender({ limits, logger: silent, onUnreachable: (c) => void gone.push(c) });
    expect(isMotcuaError(await failure(sender.call('5', 'sendMessage', 'message', () => Promise.reject(tgError(403, 'Forbidden: user is deactivated')))), 'CHANNEL_UNREACHABLE')).toBe(true);
    expect(isMotcuaError(await failure(sender.call('6', 'sendMessage', 'message', () => Promise.reject(tgError(400, 'Bad Request: chat not found')))), 'CHANNEL_UNREACHABLE')).toBe(true);
    const bad = await failure(sender.call('7', 'sendMessage', 'message', () => Promise.reject(tgError(400, 'Bad Request: message text is empty'))));
    expect(isMotcuaError(bad, 'BAD_REQUEST') && bad.details?.failure).toBe('rejected');
    expect(gone).toEqual(['5', '6']);
  });

  it('maps 401 to CONFIG_INVALID with the BotFather hint', async () => {
    const sender = new PacedSender({ limits, logger: silent });
    const err = await failure(sender.call('-', 'getMe', 'free', () => Promise.reject(tgError(401, 'Unauthorized'))));
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/BotFather/) });
  });

  it('close() cancels a wait in progress', async () => {
    const sender = new PacedSender({ limits: LimitsSchema.parse({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } }), logger: silent });
    const p = failure(sender.call('1', 'sendMessage', 'free', () => Promise.reject(tgError(500, 'Internal'))));
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    sender.close();
    const err = await p;
    expect(Date.now() - t0).toBeLessThan(100);
    expect(err).toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringMatching(/stopped/) });
  });
});
