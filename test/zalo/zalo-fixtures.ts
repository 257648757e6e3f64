/**
 * @module Real zca-js message objects from recorded-shape fixtures (test/zalo/fixtures/*.json).
 * The UserMessage/GroupMessage constructors mutate the data they get (idTo/uidFrom "0" →
 * our uid), so every call parses a fresh copy of the file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { zca, type TGroupMessage, type TMessage } from '../../src/channels/zalo/zca.ts';

export const BOT_UID = '1111222233334444555';
export const USER_UID = '4412398765432101234';
export const GROUP_ID = '9988776655443322110';

export type FixtureName =
  | 'text'
  | 'photo'
  | 'image-file'
  | 'pdf-file'
  | 'location'
  | 'location-description-only'
  | 'sticker'
  | 'voice'
  | 'video'
  | 'self'
  | 'group';

const Data = z
  .object({
    actionId: z.string(),
    msgId: z.string(),
    cliMsgId: z.string(),
    msgType: z.string(),
    uidFrom: z.string(),
    idTo: z.string(),
    dName: z.string(),
    ts: z.string(),
    status: z.number(),
    content: z.union([z.string(), z.record(z.string(), z.unknown())]),
    notify: z.string(),
    ttl: z.number(),
    userId: z.string(),
    uin: z.string(),
    topOut: z.string(),
    topOutTimeOut: z.string(),
    topOutImprTimeOut: z.string(),
    propertyExt: z.object({ color: z.number(), size: z.number(), type: z.number(), subType: z.number(), ext: z.string() }).optional(),
    paramsExt: z.object({ countUnread: z.number(), containType: z.number(), platformType: z.number() }),
    cmd: z.number(),
    st: z.number(),
    at: z.number(),
    realMsgId: z.string(),
  })
  // zca-js declares these keys as present-but-possibly-undefined.
  .transform((d) => ({ ...d, propertyExt: d.propertyExt, quote: undefined, mentions: undefined }));

const Fixture = z.object({ data: Data });

const dir = new URL('./fixtures/', import.meta.url);

/** A fresh copy of a fixture's message data, with optional overrides. */
export function fixtureData(name: FixtureName, overrides: Partial<TMessage> = {}): TGroupMessage {
  const parsed = Fixture.parse(JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
  return { ...parsed.data, ...overrides };
}

/** A real zca-js UserMessage, as the listener emits it for a 1:1 chat. */
export function userMessage(name: FixtureName, overrides: Partial<TMessage> = {}): InstanceType<typeof zca.UserMessage> {
  return new zca.UserMessage(BOT_UID, fixtureData(name, overrides));
}

/** A real zca-js GroupMessage. */
export function groupMessage(name: FixtureName = 'group', overrides: Partial<TMessage> = {}): InstanceType<typeof zca.GroupMessage> {
  return new zca.GroupMessage(BOT_UID, fixtureData(name, overrides));
}
