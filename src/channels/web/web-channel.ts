/**
 * @module The web chat channel: the page at `/` and the JSON API of design.md. Every message
 * the bot sends to a web chat — replies and later pushes — goes into the chat's log, which
 * the page polls; a POST answers with exactly the replies to that message.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Channel, ChannelCapabilities, InboundMessage, OutboundMessage } from '../channel.ts';
import type { ChatLogEntry, ChatLogStore } from '../../store/store.ts';

interface Collector {
  chatId: string;
  seqs: number[];
}

export class WebChannel implements Channel {
  readonly name = 'web' as const;
  readonly capabilities: ChannelCapabilities = { buttons: true, maxText: 10_000, images: true, proactive: 'always' };
  private handler: ((m: InboundMessage) => Promise<void>) | undefined;
  // Tags the sends made while handling one HTTP request, so its response carries exactly them.
  private readonly request = new AsyncLocalStorage<Collector>();

  constructor(private readonly log: ChatLogStore) {}

  async start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void> {
    this.handler = onMessage;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async send(chatId: string, messages: OutboundMessage[]): Promise<void> {
    const entries: ChatLogEntry['message'][] = messages.map((m) => ({
      text: m.text,
      ...(m.choices && m.choices.length > 0 ? { choices: m.choices } : {}),
      // Inline image bytes are not kept in the log; images with a URL are.
      ...(m.image?.url ? { image: { url: m.image.url, mime: m.image.mime } } : {}),
      ...(m.requestLocation ? { requestLocation: true } : {}),
      ...(m.requestContact ? { requestContact: true } : {}),
    }));
    const seqs = await this.log.append(`web:${chatId}`, entries);
    const collector = this.request.getStore();
    if (collector && collector.chatId === chatId) collector.seqs.push(...seqs);
  }

  /** Hands one inbound message to the app and returns what was sent to that chat meanwhile. */
  async receive(msg: InboundMessage): Promise<ChatLogEntry[]> {
    const handler = this.handler;
    if (!handler) throw new Error('web channel not started');
    const collector: Collector = { chatId: msg.chatId, seqs: [] };
    await this.request.run(collector, () => handler(msg));
    if (collector.seqs.length === 0) return [];
    const first = Math.min(...collector.seqs);
    const entries = await this.log.after(`web:${msg.chatId}`, first - 1, 1000);
    const mine = new Set(collector.seqs);
    return entries.filter((e) => mine.has(e.seq));
  }

  history(chatId: string, after: number, limit: number): Promise<ChatLogEntry[]> {
    return this.log.after(`web:${chatId}`, after, limit);
  }

  position(chatId: string): Promise<{ lastSeq: number; resetSeq: number }> {
    return this.log.position(`web:${chatId}`);
  }
}
