/**
 * @module The slice of the Bot API object model the fake server speaks. Written from the
 * Bot API documentation, independently of telegraf, so tests check telegraf against the spec
 * rather than against itself.
 */

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  first_name?: string;
  title?: string;
  username?: string;
}

export interface FakePhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface FakeDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface FakeEntity {
  type: string;
  offset: number;
  length: number;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface ReplyButton {
  text: string;
  request_contact?: boolean;
  request_location?: boolean;
}

export type ReplyMarkup =
  | { inline_keyboard: InlineButton[][] }
  | { keyboard: ReplyButton[][]; one_time_keyboard?: boolean; resize_keyboard?: boolean; is_persistent?: boolean }
  | { remove_keyboard: true }
  | { force_reply: true };

export interface FakeMessage {
  message_id: number;
  date: number;
  chat: FakeChat;
  from?: FakeUser;
  edit_date?: number;
  text?: string;
  entities?: FakeEntity[];
  caption?: string;
  photo?: FakePhotoSize[];
  document?: FakeDocument;
  location?: { latitude: number; longitude: number };
  venue?: { location: { latitude: number; longitude: number }; title: string; address: string };
  contact?: { phone_number: string; first_name: string; user_id?: number };
  sticker?: { file_id: string; file_unique_id: string; width: number; height: number; is_animated: boolean; is_video: boolean; type: 'regular'; emoji?: string };
  voice?: { file_id: string; file_unique_id: string; duration: number; mime_type?: string; file_size?: number };
  video?: { file_id: string; file_unique_id: string; width: number; height: number; duration: number };
  media_group_id?: string;
  reply_markup?: { inline_keyboard: InlineButton[][] };
}

export interface FakeCallbackQuery {
  id: string;
  from: FakeUser;
  message?: FakeMessage;
  chat_instance: string;
  data?: string;
}

export interface FakeUpdate {
  update_id: number;
  message?: FakeMessage;
  edited_message?: FakeMessage;
  channel_post?: FakeMessage;
  callback_query?: FakeCallbackQuery;
}

/** What every Bot API method answers. */
export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };
