/**
 * @module The part of Telegram's Update we read, parsed with zod — the same parser for
 * long polling (telegraf's ctx.update) and webhooks (a request body we must not trust).
 * Objects are loose: Telegram adds fields every Bot API release.
 */
import { z } from 'zod';

const id = z.number().int();
const fileId = z.string().min(1).max(512);

const UserSchema = z.looseObject({
  id,
  is_bot: z.boolean().optional(),
  language_code: z.string().optional(),
});

const ChatSchema = z.looseObject({
  id,
  type: z.string(),
});

const PhotoSizeSchema = z.looseObject({
  file_id: fileId,
  width: z.number(),
  height: z.number(),
  file_size: z.number().int().nonnegative().optional(),
});

const DocumentSchema = z.looseObject({
  file_id: fileId,
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().int().nonnegative().optional(),
});

const LocationSchema = z.looseObject({ latitude: z.number(), longitude: z.number() });

const MessageSchema = z.looseObject({
  message_id: id,
  date: id,
  chat: ChatSchema,
  from: UserSchema.optional(),
  text: z.string().optional(),
  photo: z.array(PhotoSizeSchema).min(1).optional(),
  document: DocumentSchema.optional(),
  location: LocationSchema.optional(),
  venue: z.looseObject({ location: LocationSchema, title: z.string(), address: z.string() }).optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: id.optional() }).optional(),
  // Kinds we only need to recognise, not read.
  sticker: z.unknown().optional(),
  voice: z.unknown().optional(),
  audio: z.unknown().optional(),
  video: z.unknown().optional(),
  video_note: z.unknown().optional(),
  animation: z.unknown().optional(),
  poll: z.unknown().optional(),
  dice: z.unknown().optional(),
  game: z.unknown().optional(),
  story: z.unknown().optional(),
  paid_media: z.unknown().optional(),
});

const CallbackQuerySchema = z.looseObject({
  id: z.string().min(1),
  from: UserSchema,
  message: z.looseObject({ message_id: id, chat: ChatSchema }).optional(),
  data: z.string().optional(),
});

/** Only update_id is required: an update of a kind we don't know is ignored, not rejected. */
export const EnvelopeSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: MessageSchema.optional(),
  edited_message: MessageSchema.optional(),
  channel_post: MessageSchema.optional(),
  edited_channel_post: MessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
});

export type TgUpdate = z.infer<typeof UpdateSchema>;
export type TgMessage = z.infer<typeof MessageSchema>;
export type TgCallbackQuery = z.infer<typeof CallbackQuerySchema>;
export type TgUser = z.infer<typeof UserSchema>;

/** The update kinds we ask Telegram for (allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** The chat an update belongs to (its per-chat ordering key), when it has one. */
export function chatIdOf(u: TgUpdate): number | undefined {
  const m = u.message ?? u.edited_message ?? u.channel_post ?? u.edited_channel_post;
  if (m) return m.chat.id;
  if (u.callback_query) return u.callback_query.message?.chat.id ?? u.callback_query.from.id;
  return undefined;
}
