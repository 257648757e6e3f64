/**
 * @module Issue 8: "a chat that blocked the bot is unsubscribed automatically". Wraps a
 * channel's `send` as the outbox sees it: when the platform says the chat is unreachable
 * (CHANNEL_UNREACHABLE, e.g. Telegram's 403 "bot was blocked by the user"), the chat's
 * subscription is removed before the error goes on to the outbox, which records the chat as
 * unreachable. Status pushes and broadcasts alike.
 */
import type { Channel } from '../channels/channel.ts';
import { isMotcuaError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { SubscriptionStore } from '../store/store.ts';

type Sender = Pick<Channel, 'name' | 'send'>;

export function unsubscribeWhenBlocked(channel: Sender, subscriptions: Pick<SubscriptionStore, 'remove'>, log: Pick<Logger, 'info' | 'warn'>): Sender {
  return {
    name: channel.name,
    async send(chatId, messages, opts) {
      try {
        await channel.send(chatId, messages, opts);
      } catch (err) {
        if (isMotcuaError(err, 'CHANNEL_UNREACHABLE')) {
          const chat = `${channel.name}:${chatId}`;
          try {
            if (await subscriptions.remove(chat)) log.info({ chat }, 'broadcast: chat unreachable; subscription removed');
          } catch (e) {
            log.warn({ chat, err: e instanceof Error ? e.name : typeof e }, 'broadcast: could not remove the subscription of an unreachable chat');
          }
        }
        throw err;
      }
    },
  };
}
