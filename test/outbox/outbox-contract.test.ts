/**
 * The outbox's delivery rules, run against both backends — in-process and BullMQ on the shared
 * test Redis: one send per item id, 429 waited out without using an attempt, transient failures
 * retried with backoff then given up, blocked chats marked unreachable, a send that was not
 * recorded never repeated, a partly sent item resumed where it stopped, a chat's items in order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage, SendOptions } from '../../src/channels/channel.ts';
import { MotcuaError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { memoryDeliveryBackend, redisDeliveryBackend, type DeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { DurableOutbox, type DurableOutboxOptions } from '../../src/outbox/durable-outbox.ts';
import type { DeliveryLedger } from '../../src/outbox/delivery-ledger.ts';
import type { OutboxItem } from '../../src/outbox/outbox.ts';
import { createRedisClient } from '../../src/store/redis-store.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { blocked, FAST_RETRY, rateLimited, RecordingChannel, sleep, transient, until } from './outbox-support.ts';

interface Rig {
  backend: DeliveryBackend;
  cleanup(): Promise<void>;
}

const BACKENDS: [string, () => Promise<Rig>][] = [
  ['in-process', async () => ({ backend: memoryDeliveryBackend(), cleanup: async () => {} })],
  [
    'BullMQ',
    async () => {
      const prefix = uniquePrefix('outbox');
      const client = createRedisClient(testRedisUrl());
      const backend = redisDeliveryBackend({ client, prefix, logger: silentLogger() });
      return {
        backend,
        cleanup: async () => {
          await backend.queues.close();
          await deleteKeys(testRedisUrl(), prefix);
          await client.quit();
        },
      };
    },
  ],
];

/** A ledger whose first `settle` fails: the try that gets there "dies" before recording anything. */
function dyingOnce(ledger: DeliveryLedger): { ledger: DeliveryLedger; alive(): boolean } {
  let dead = false;
  const wrapped: DeliveryLedger = Object.create(ledger, {
    settle: {
      value: (...args: Parameters<DeliveryLedger['settle']>) => {
        if (dead) return ledger.settle(...args);
        dead = true;
        return Promise.reject(new Error('killed'));
      },
    },
  });
  return { ledger: wrapped, alive: () => !dead };
}

const item = (id: string, chatId = 'c1', texts: string[] = [`message ${id}`]): OutboxItem => ({
  id,
  channel: 'web',
  chatId,
  messages: texts.map((text) => ({ text })),
  topic: { kind: 'test', dossierCode: 'HS-TEST-0001' },
});

describe.each(BACKENDS)('outbox on %s', (_name, makeRig) => {
  let rig: Rig;
  let web: RecordingChannel;
  let outbox: DurableOutbox;

  const build = (extra: Partial<DurableOutboxOptions> = {}): DurableOutbox =>
    new DurableOutbox({ ...rig.backend, logger: silentLogger(), channels: [web], retry: FAST_RETRY, ...extra });

  beforeEach(async () => {
    rig = await makeRig();
    web = new RecordingChannel('web');
    outbox = build();
    await outbox.start();
  });

  afterEach(async () => {
    await outbox.stop();
    await rig.cleanup();
  });

  it('delivers an item once, however often it is enqueued', async () => {
    await outbox.enqueue([item('a'), item('a')]);
    await outbox.enqueue([item('a')]);
    await until(async () => (await outbox.state('a'))?.status === 'sent', 'a sent');
    await outbox.enqueue([item('a')]);
    await sleep(100);
    expect(web.to('c1')).toEqual(['message a']);
    expect(await outbox.state('a')).toMatchObject({ id: 'a', status: 'sent', attempts: 1 });
    expect((await outbox.forDossier('HS-TEST-0001')).map((s) => s.id)).toEqual(['a']);
    expect(await outbox.forDossier('HS-NONE-0000')).toEqual([]);
  });

  it('waits out a 429 for retry_after without using up an attempt', async () => {
    web.fail(rateLimited(400));
    const t0 = Date.now();
    await outbox.enqueue([item('r')]);
    await until(() => web.sent.length === 1, 'the retry after retry_after', 5000);
    expect(web.sent[0]!.at - t0).toBeGreaterThanOrEqual(400);
    expect(web.tries).toHaveLength(2);
    expect(await outbox.state('r')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a transient failure with backoff, then sends', async () => {
    web.fail(transient, { times: 2 });
    await outbox.enqueue([item('t')]);
    await until(async () => (await outbox.state('t'))?.status === 'sent', 't sent');
    expect(web.tries).toHaveLength(3);
    // Equal jitter: at least half of each step (20 ms, then 40 ms).
    expect(web.tries[1]!.at - web.tries[0]!.at).toBeGreaterThanOrEqual(9);
    expect(web.tries[2]!.at - web.tries[1]!.at).toBeGreaterThanOrEqual(19);
    expect(await outbox.state('t')).toMatchObject({ status: 'sent', attempts: 3 });
    expect((await outbox.state('t'))?.error).toBeUndefined();
  });

  it('gives up after the last attempt and says why', async () => {
    web.fail(transient, { times: 100 });
    await outbox.enqueue([item('f')]);
    await until(async () => (await outbox.state('f'))?.status === 'failed', 'f failed');
    expect(web.tries).toHaveLength(FAST_RETRY.maxAttempts);
    expect(await outbox.state('f')).toMatchObject({ status: 'failed', attempts: FAST_RETRY.maxAttempts, error: 'DELIVERY_FAILED' });
    expect(web.sent).toHaveLength(0);
  });

  it('marks a chat that blocked the bot unreachable and does not retry; a later send clears it', async () => {
    web.fail(blocked, { chatId: 'gone' });
    await outbox.enqueue([item('u', 'gone')]);
    await until(async () => (await outbox.state('u'))?.status === 'unreachable', 'u unreachable');
    await sleep(100);
    expect(web.tries).toHaveLength(1);
    expect(await outbox.state('u')).toMatchObject({ status: 'unreachable', error: 'CHANNEL_UNREACHABLE' });
    expect(await outbox.unreachable.has('web:gone')).toBe(true);
    expect((await outbox.unreachable.list()).map((u) => u.chatKey)).toEqual(['web:gone']);
    await outbox.enqueue([item('u2', 'gone')]);
    await until(async () => (await outbox.state('u2'))?.status === 'sent', 'u2 sent');
    expect(await outbox.unreachable.has('web:gone')).toBe(false);
  });

  it('fails at once on an error that retrying cannot fix', async () => {
    web.fail(() => new MotcuaError('BAD_REQUEST', 'Telegram refused sendMessage'));
    await outbox.enqueue([item('b')]);
    await until(async () => (await outbox.state('b'))?.status === 'failed', 'b failed');
    expect(await outbox.state('b')).toMatchObject({ status: 'failed', attempts: 1, error: 'BAD_REQUEST' });
    expect(web.tries).toHaveLength(1);
  });

  it('fails with CHANNEL_NOT_CONFIGURED when no channel has that name', async () => {
    await outbox.enqueue([{ ...item('z'), channel: 'zalo' }]);
    await until(async () => (await outbox.state('z'))?.status === 'failed', 'z failed');
    expect(await outbox.state('z')).toMatchObject({ status: 'failed', error: 'CHANNEL_NOT_CONFIGURED' });
  });

  it('never sends again when a try died between sending and recording it (DELIVERY_UNCERTAIN)', async () => {
    await outbox.stop();
    let crashes = 1;
    outbox = build({
      afterSend: () => {
        // The process "dies" right after the channel took the message: nothing is recorded.
        if (crashes-- > 0) throw new Error('killed');
      },
    });
    await outbox.start();
    await outbox.enqueue([item('k')]);
    await until(async () => (await outbox.state('k'))?.status === 'failed', 'k judged');
    await sleep(100);
    expect(web.to('c1')).toEqual(['message k']);
    expect(await outbox.state('k')).toMatchObject({ status: 'failed', error: 'DELIVERY_UNCERTAIN' });
  });

  it('sends an item whose try died while waiting for its turn, once (nothing was on the wire)', async () => {
    await outbox.stop();
    // The "death": after the channel said it was only waiting, nothing more of that try is recorded.
    const dying = dyingOnce(rig.backend.ledger);
    web.beforeSend = async (opts) => {
      if (!dying.alive()) return;
      await opts.onWire!(false, 0);
      throw new Error('killed while waiting for the pacing');
    };
    outbox = build({ ledger: dying.ledger });
    await outbox.start();
    await outbox.enqueue([item('w')]);
    await until(async () => (await outbox.state('w'))?.status === 'sent', 'w sent');
    await sleep(100);
    expect(web.to('c1')).toEqual(['message w']);
    expect(await outbox.state('w')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('still never repeats a try that died with a request on the wire', async () => {
    await outbox.stop();
    const dying = dyingOnce(rig.backend.ledger);
    web.beforeSend = async (opts) => {
      if (!dying.alive()) return;
      await opts.onWire!(false, 0);
      await opts.onWire!(true, 0);
      throw new Error('killed with the request out');
    };
    outbox = build({ ledger: dying.ledger });
    await outbox.start();
    await outbox.enqueue([item('u')]);
    await until(async () => (await outbox.state('u'))?.status === 'failed', 'u judged');
    expect(await outbox.state('u')).toMatchObject({ status: 'failed', error: 'DELIVERY_UNCERTAIN' });
    expect(web.to('c1')).toEqual([]);
  });

  it('a worker whose claim was taken over sends nothing more of the item', async () => {
    const ledger = rig.backend.ledger;
    await ledger.register([{ id: 'x' }], new Date());
    expect(await ledger.claim('x', 'first', new Date())).toEqual({ kind: 'go', parts: 0 });
    await ledger.wire('x', 'first', false, 0);
    // Another worker finds the claim off the wire and takes it over.
    expect(await ledger.claim('x', 'second', new Date())).toEqual({ kind: 'go', parts: 0 });
    await expect(ledger.wire('x', 'first', true, 0)).rejects.toMatchObject({ code: 'CLAIM_LOST' });
    await ledger.wire('x', 'second', true, 0);
    // With the second on the wire, a third finds it uncertain.
    expect(await ledger.claim('x', 'third', new Date())).toEqual({ kind: 'uncertain' });
    expect(await ledger.state('x')).toMatchObject({ status: 'failed', error: 'DELIVERY_UNCERTAIN', attempts: 1 });
  });

  it('resumes a taken-over item after the messages its last holder reported whole', async () => {
    const ledger = rig.backend.ledger;
    await ledger.register([{ id: 'y' }], new Date());
    await ledger.claim('y', 'first', new Date());
    await ledger.wire('y', 'first', true, 0);
    await ledger.wire('y', 'first', false, 2);
    expect(await ledger.claim('y', 'second', new Date())).toEqual({ kind: 'go', parts: 2 });
    await ledger.settle('y', 'first', { status: 'queued', error: 'DELIVERY_FAILED', parts: 0, counted: true }, 'web:c1', new Date());
    // The old holder's late settlement changed nothing: the claim is the second's.
    await ledger.wire('y', 'second', true, 2);
  });

  it('a store that fails while recording a send in progress makes the retry resume after what went out', async () => {
    await outbox.stop();
    // A channel that sends an item's messages one by one and reports each, as Telegram's does.
    const sentOut: string[] = [];
    const oneByOne = {
      name: 'web' as const,
      async send(_chatId: string, messages: OutboundMessage[], opts: SendOptions = {}): Promise<void> {
        await opts.onWire?.(false, 0);
        for (const [i, m] of messages.entries()) {
          await opts.onWire?.(true, i);
          sentOut.push(m.text);
          if (i < messages.length - 1) await opts.onWire?.(false, i + 1);
        }
      },
    };
    const ledger = rig.backend.ledger;
    let blips = 1;
    const flaky: DeliveryLedger = Object.create(ledger, {
      wire: {
        value: (id: string, token: string, on: boolean, parts: number) => {
          // Redis answers nothing once, right after the first message went out.
          if (!on && parts === 1 && blips-- > 0) return Promise.reject(new Error('Connection is closed.'));
          return ledger.wire(id, token, on, parts);
        },
      },
    });
    outbox = build({ ledger: flaky, channels: [oneByOne] });
    await outbox.start();
    await outbox.enqueue([item('f', 'c1', ['một', 'hai', 'ba'])]);
    await until(async () => (await outbox.state('f'))?.status === 'sent', 'f sent');
    expect(sentOut).toEqual(['một', 'hai', 'ba']);
  });

  it('a worker whose claim was taken over while it waited leaves the item to the new holder', async () => {
    const ledger = rig.backend.ledger;
    web.beforeSend = async (opts) => {
      web.beforeSend = undefined;
      await opts.onWire!(false, 0);
      // Meanwhile another worker (its job stalled over to it) takes the claim over.
      expect(await ledger.claim('o', 'other-worker', new Date())).toEqual({ kind: 'go', parts: 0 });
      await opts.onWire!(true, 0);
    };
    await outbox.enqueue([item('o')]);
    await until(() => web.tries.length === 1, 'the try');
    await sleep(100);
    // Nothing sent and nothing settled by the old holder: the item is the other worker's to send.
    expect(web.to('c1')).toEqual([]);
    expect(await outbox.state('o')).toMatchObject({ status: 'queued' });
    await ledger.settle('o', 'other-worker', { status: 'sent' }, 'web:c1', new Date());
    expect(await outbox.state('o')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a claim asked for again by its own token goes ahead (a resend after a reconnect)', async () => {
    const ledger = rig.backend.ledger;
    await ledger.register([{ id: 'r' }], new Date());
    expect(await ledger.claim('r', 'same', new Date())).toEqual({ kind: 'go', parts: 0 });
    expect(await ledger.claim('r', 'same', new Date())).toEqual({ kind: 'go', parts: 0 });
    expect(await ledger.state('r')).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('takes a claim over at most three times; then the old rule holds', async () => {
    const ledger = rig.backend.ledger;
    await ledger.register([{ id: 't' }], new Date());
    await ledger.claim('t', 'w0', new Date());
    for (let i = 1; i <= 3; i++) {
      await ledger.wire('t', `w${i - 1}`, false, 0);
      expect(await ledger.claim('t', `w${i}`, new Date())).toEqual({ kind: 'go', parts: 0 });
    }
    await ledger.wire('t', 'w3', false, 0);
    expect(await ledger.claim('t', 'w4', new Date())).toEqual({ kind: 'uncertain' });
  });

  it('resumes a partly sent item after the messages that went out', async () => {
    web.fail(() => new MotcuaError('DELIVERY_FAILED', 'second part failed', { sent: 1, total: 2 }));
    // The recording channel throws before recording; stand in for "the first of two went out".
    await outbox.enqueue([item('p', 'c1', ['part 1', 'part 2'])]);
    await until(async () => (await outbox.state('p'))?.status === 'sent', 'p sent');
    expect(web.to('c1')).toEqual(['part 2']);
  });

  it('sends one chat’s items in the order they were enqueued', async () => {
    const slow: typeof web.send = web.send.bind(web);
    web.send = async (chatId, messages) => {
      await sleep(messages[0]!.text.endsWith('1') ? 40 : 1);
      return slow(chatId, messages);
    };
    await outbox.enqueue([item('o1', 'c9', ['o 1']), item('o2', 'c9', ['o 2']), item('o3', 'c9', ['o 3'])]);
    await until(() => web.sent.length === 3, 'three sends');
    expect(web.to('c9')).toEqual(['o 1', 'o 2', 'o 3']);
  });

  it('keeps inline image bytes through the queue', async () => {
    const data = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await outbox.enqueue([{ ...item('img'), messages: [{ text: 'qr', image: { data, mime: 'image/jpeg' } }] }]);
    await until(() => web.sent.length === 1, 'image sent');
    expect([...(web.sent[0]!.messages[0]!.image?.data ?? [])]).toEqual([...data]);
  });
});
