/**
 * @module Chat with the bot in a terminal (`npx motcua chat`): choices print as a numbered
 * list and a number taps them; `/photo <file>` sends a photo, `/loc <lat>,<lng>` a location.
 */
import { readFile, stat } from 'node:fs/promises';
import { createInterface, type Interface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelCapabilities, Choice, InboundEvent, InboundMessage, OutboundMessage } from '../channel.ts';
import { cleanLocation, cleanText } from '../inbound-limits.ts';
import { MotcuaError } from '../../errors.ts';

export class TerminalChannel implements Channel {
  readonly name = 'console' as const;
  readonly capabilities: ChannelCapabilities = { buttons: true, maxText: 10_000, images: false, proactive: 'always' };
  private rl: Interface | undefined;
  private lastChoices: Choice[] = [];

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    private readonly chatId = 'terminal',
  ) {}

  async start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void> {
    this.rl = createInterface({ input: this.input, output: this.output, terminal: false });
    const lines = this.rl[Symbol.asyncIterator]();
    await onMessage(this.inbound({ kind: 'start' }));
    this.prompt();
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const event = await this.toEvent(next.value);
      if (event) await onMessage(this.inbound(event));
      this.prompt();
    }
  }

  async send(_chatId: string, messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) {
      let out = `\n${m.text}\n`;
      if (m.choices?.length) out += m.choices.map((c, i) => `  ${i + 1}. ${c.label}`).join('\n') + '\n';
      this.lastChoices = m.choices ?? [];
      this.output.write(out);
    }
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  private prompt(): void {
    this.output.write('> ');
  }

  private inbound(event: InboundEvent): InboundMessage {
    return { channel: 'console', chatId: this.chatId, userId: this.chatId, messageId: randomUUID(), at: new Date(), event };
  }

  private async toEvent(line: string): Promise<InboundEvent | null> {
    const trimmed = line.trim();
    const photo = /^\/photo\s+(.+)$/.exec(trimmed);
    if (photo) {
      const path = photo[1]!;
      try {
        const size = (await stat(path)).size;
        return { kind: 'photo', media: { id: path, size, fetch: async (max) => {
          if (size > max) throw new MotcuaError('PHOTO_TOO_LARGE', 'photo too large');
          return new Uint8Array(await readFile(path));
        } } };
      } catch {
        this.output.write(`(cannot read ${path})\n`);
        return null;
      }
    }
    const loc = /^\/loc\s+(-?[\d.]+)\s*,\s*(-?[\d.]+)$/.exec(trimmed);
    if (loc) {
      const l = cleanLocation({ lat: Number(loc[1]), lng: Number(loc[2]) });
      return l.ok ? { kind: 'location', ...l.value } : null;
    }
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : 0;
    const tapped = n > 0 ? this.lastChoices[n - 1] : undefined;
    if (tapped) return { kind: 'choice', value: tapped.value };
    const text = cleanText(line);
    return text.ok ? { kind: 'text', text: text.value } : null;
  }
}
