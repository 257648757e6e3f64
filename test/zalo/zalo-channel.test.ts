import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/channels/channel.ts';
import type { ZaloChannel } from '../../src/channels/zalo/zalo-channel.ts';
import { MotcuaError } from '../../src/errors.ts';
import { FakeZaloPort, testZaloChannel } from './fake-zalo-port.ts';
import { GROUP_ID, USER_UID, groupMessage, userMessage } from './zalo-fixtures.ts';

const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

let channel: ZaloChannel | undefined;
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
});

async function started(): Promise<{ port: FakeZaloPort; ch: ZaloChannel; got: InboundMessage[] }> {
  const port = new FakeZaloPort();
  const ch = testZaloChannel(port);
  channel = ch;
  const got: InboundMessage[] = [];
  await ch.start(async (m) => {
    got.push(m);
  });
  await until(() => ch.status().state === 'connected');
  return { port, ch, got };
}

describe('ZaloChannel', () => {
  it('declares what Zalo 1:1 chats can do', () => {
    const ch = testZaloChannel(new FakeZaloPort());
    expect(ch.name).toBe('zalo');
    expect(ch.capabilities).toEqual({ buttons: false, maxText: 2000, images: true, proactive: 'always' });
  });

  it('hands 1:1 text to the engine once, even when Zalo delivers it again', async () => {
    const { port, got } = await started();
    port.emitMessage(userMessage('text'));
    port.emitMessage(userMessage('text'));
    await until(() => got.length === 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ channel: 'zalo', chatId: USER_UID, messageId: '7394820215560', event: { kind: 'text' } });
  });

  it('ignores its own messages and answers a group once that it works in private chat', async () => {
    const { port, got } = await started();
    port.emitMessage(userMessage('self'));
    port.emitMessage(groupMessage('group'));
    port.emitMessage(groupMessage('group', { msgId: '7394820215571' }));
    await port.waitForSent(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([]);
    expect(port.sent).toEqual([{ kind: 'text', threadId: GROUP_ID, text: expect.stringMatching(/chỉ làm việc trong tin nhắn riêng/), bold: [], group: true }]);
  });

  it('answers text that is too long itself and does not forward it', async () => {
    const { port, got } = await started();
    port.injectText('u9', 'x'.repeat(2500));
    await port.waitForSent(1);
    expect(got).toEqual([]);
    expect(port.texts('u9')[0]).toMatch(/quá dài/);
  });

  it('hands a photo over as a MediaRef that downloads through the port', async () => {
    const { port, got } = await started();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    port.injectPhoto('u1', bytes);
    await until(() => got.length === 1);
    const ev = got[0]?.event;
    expect(ev?.kind).toBe('photo');
    if (ev?.kind !== 'photo') return;
    await expect(ev.media.fetch(1000)).resolves.toEqual(bytes);
    await expect(ev.media.fetch(3)).rejects.toMatchObject({ code: 'PHOTO_TOO_LARGE' });
  });

  it('keeps one chat in order even when the engine is slow on the first message', async () => {
    const port = new FakeZaloPort();
    const ch = testZaloChannel(port);
    channel = ch;
    const order: string[] = [];
    await ch.start(async (m) => {
      const text = m.event.kind === 'text' ? m.event.text : '';
      if (text === 'một') await new Promise((r) => setTimeout(r, 30));
      order.push(text);
    });
    port.injectText('u1', 'một');
    port.injectText('u1', 'hai');
    await until(() => order.length === 2);
    expect(order).toEqual(['một', 'hai']);
  });

  it('renders choices as a numbered list in the language of the text, question in bold', async () => {
    const { port, ch } = await started();
    await ch.send('u1', [{ text: 'Which procedure do you need?', choices: [{ label: 'Birth registration', value: 'a' }, { label: 'Death registration', value: 'b' }] }]);
    expect(port.sent).toEqual([
      {
        kind: 'text',
        threadId: 'u1',
        text: 'Which procedure do you need?\n\n1. Birth registration\n2. Death registration\n\nReply 1 or 2',
        bold: [{ start: 0, len: 28 }],
        group: false,
      },
    ]);
  });

  it('sends images as attachments with their real width and height (no metadata getter needed)', async () => {
    const { port, ch } = await started();
    const png = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).png().toBuffer());
    const gif = new Uint8Array(await sharp({ create: { width: 12, height: 8, channels: 3, background: '#0c0' } }).gif().toBuffer());
    await ch.send('u1', [{ text: 'Mã QR thanh toán', image: { data: png, mime: 'image/png' } }, { text: '', image: { data: gif, mime: 'image/gif' } }]);
    expect(port.sent).toMatchObject([
      { kind: 'image', threadId: 'u1', caption: 'Mã QR thanh toán', image: { mime: 'image/png', width: 40, height: 30, data: png } },
      // GIF is re-encoded: zca-js would otherwise upload it as a file
      { kind: 'image', image: { mime: 'image/png', width: 12, height: 8 } },
    ]);
  });

  it('holds replies while Zalo is disconnected and sends them after reconnecting', async () => {
    const { port, ch } = await started();
    port.autoConnect = false;
    port.drop(1006);
    await until(() => port.starts.length === 2); // reconnecting, socket not up yet
    const sending = ch.send('u1', [{ text: 'Hồ sơ của bạn đã được tiếp nhận.' }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(port.sent).toEqual([]);
    port.connect();
    await sending;
    expect(port.texts('u1')).toEqual(['Hồ sơ của bạn đã được tiếp nhận.', 'Mã hồ sơ: HS-7K2M-9QXD']);
  });

  it('after a part fails for good, sends nothing more of that reply and says how many messages went out whole', async () => {
    const { port, ch } = await started();
    const long = `Giấy tờ cần mang theo: ${'bản chính giấy chứng sinh, căn cước của cha mẹ. '.repeat(50).trim()}`;
    expect(long.length).toBeGreaterThan(2000);
    const messages = [{ text: long }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }, { text: 'Cảm ơn bạn.' }];
    const refused = (): MotcuaError => new MotcuaError('DELIVERY_FAILED', 'refused', { transient: false, zaloCode: 114 });
    // The second part of the long text is refused: nothing went out whole, and the rest waits for the retry.
    port.failNextSend(undefined);
    port.failNextSend(refused());
    let err = await ch.send('u1', messages).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DELIVERY_FAILED', details: { sent: 0, total: 3, zaloCode: 114 } });
    expect(port.texts('u1')).toHaveLength(1);
    // The message after the long text is refused: the long text went out whole, the last one not at all.
    port.failNextSend(undefined);
    port.failNextSend(undefined);
    port.failNextSend(refused());
    err = await ch.send('u2', messages).catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { sent: 1, total: 3 } });
    expect(port.texts('u2').join(' ')).toBe(long);
    await ch.send('u3', messages);
    expect(port.texts('u3').slice(-2)).toEqual(['Mã hồ sơ: HS-7K2M-9QXD', 'Cảm ơn bạn.']);
  });

  it('tells the caller when a call is on the wire: not while queued, not during a 221 pause', async () => {
    const port = new FakeZaloPort();
    const ch = testZaloChannel(port, { queue: { chatIntervalMs: 0, perMinute: 10_000, maxQueued: 10_000, rateLimit: { baseMs: 10, capMs: 20 } } });
    channel = ch;
    await ch.start(async () => {});
    await until(() => ch.status().state === 'connected');
    port.failNextSend(new MotcuaError('RATE_LIMITED', 'too many requests (221)', { retryAfterMs: 10 }));
    const heard: string[] = [];
    await ch.send('u1', [{ text: 'Hồ sơ đã được tiếp nhận.' }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }], { onWire: async (on, sent) => void heard.push(`${on ? 'on' : 'off'}:${sent}`) });
    expect(heard).toEqual(['off:0', 'on:0', 'off:0', 'on:0', 'off:1', 'on:1']);
    expect(port.texts('u1')).toEqual(['Hồ sơ đã được tiếp nhận.', 'Mã hồ sơ: HS-7K2M-9QXD']);
  });

  it('stays on the wire while a message is cut short, and after a try that may have landed', async () => {
    const port = new FakeZaloPort();
    const ch = testZaloChannel(port, { queue: { chatIntervalMs: 0, perMinute: 10_000, maxQueued: 10_000, rateLimit: { baseMs: 10, capMs: 20 }, retry: { baseMs: 5, capMs: 10 } } });
    channel = ch;
    await ch.start(async () => {});
    await until(() => ch.status().state === 'connected');
    const heard: string[] = [];
    const onWire = async (on: boolean, sent: number): Promise<void> => void heard.push(`${on ? 'on' : 'off'}:${sent}`);
    const long = `Giấy tờ cần mang theo: ${'bản chính giấy chứng sinh, căn cước của cha mẹ. '.repeat(50).trim()}`;
    // The second part of the long text meets a 221: half of the message is out, so no "off".
    port.failNextSend(undefined);
    port.failNextSend(new MotcuaError('RATE_LIMITED', 'too many requests (221)', { retryAfterMs: 10 }));
    await ch.send('u1', [{ text: long }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }], { onWire });
    expect(heard).toEqual(['off:0', 'on:0', 'on:0', 'on:0', 'off:1', 'on:1']);
    // A network failure may have delivered the part: the 221 after it leaves it on the wire.
    heard.length = 0;
    port.failNextSend(new MotcuaError('DELIVERY_FAILED', 'socket hang up', { transient: true }));
    port.failNextSend(new MotcuaError('RATE_LIMITED', 'too many requests (221)', { retryAfterMs: 10 }));
    await ch.send('u2', [{ text: 'Xin chào' }], { onWire });
    expect(heard).toEqual(['off:0', 'on:0', 'on:0', 'on:0']);
  });

  it('a store that fails to record a delivered message stops the send without sending it again', async () => {
    const { port, ch } = await started();
    let calls = 0;
    const err = await ch
      .send('u1', [{ text: 'một' }, { text: 'hai' }], {
        onWire: async (on) => {
          calls++;
          // The "off" after "một" went out: Redis is away.
          if (!on && calls > 1) throw new MotcuaError('STORE_UNAVAILABLE', 'redis down');
        },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { sent: 1, total: 2 } });
    expect(port.texts('u1')).toEqual(['một']);
  });

  it('rejects what is still queued when stopped', async () => {
    const { port, ch } = await started();
    port.autoConnect = false;
    port.drop(3000);
    const sending = ch.send('u1', [{ text: 'Xin chào' }]).catch((e: unknown) => e);
    await ch.stop();
    channel = undefined;
    expect(await sending).toMatchObject({ code: 'DELIVERY_FAILED' });
  });
});
