/**
 * @module The shape of a message the Zalo listener delivers, as far as the channel reads it.
 * zca-js's `UserMessage` and `GroupMessage` are assignable to it (zca-port.ts checks that at
 * compile time), so the mapping code and its tests need no SDK types.
 */

/** zca-js `ThreadType`: 0 = a 1:1 user thread, 1 = a group. */
export const THREAD_USER = 0;
export const THREAD_GROUP = 1;

export interface ZaloIncoming {
  type: number;
  /** The other party in a 1:1 thread (also for our own messages), the group id in a group. */
  threadId: string;
  /** Sent by the logged-in account (from another device, or echoed). */
  isSelf: boolean;
  data: {
    msgId: string;
    cliMsgId?: string;
    /** `webchat`, `chat.photo`, `share.file`, `chat.location.new`, `chat.sticker`, `chat.voice`, ... */
    msgType: string;
    uidFrom: string;
    idTo: string;
    /** Milliseconds since the epoch, as a string. */
    ts: string;
    /** A string for text; an object (title, href, thumb, params as a JSON string, ...) otherwise. */
    content: unknown;
  };
}
