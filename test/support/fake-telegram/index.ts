/** @module The fake Telegram Bot API server for tests (re-exports only). */
export { FakeTelegram, FAKE_TOKEN, type FakeTelegramOptions, type RecordedCall, type Injected, type Hold, type HoldRule } from './fake-telegram.ts';
export { FakeConversation } from './fake-conversation.ts';
export { inlineButtons, type BotMessage, type StoredFile, type FileOptions } from './fake-state.ts';
export { postUpdate, SECRET_HEADER } from './post-update.ts';
export { parseTelegramHtml } from './html-check.ts';
export type { FakeFailure, FaultRule, RateLimit } from './faults.ts';
export type { UserOptions } from './update-factory.ts';
export type * from './bot-api-types.ts';
