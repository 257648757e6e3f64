/**
 * @module An official who may log in to the console: a username, roles, and a password hash.
 * Roles: `officer` works dossiers; `broadcast` may send broadcasts (issue 8); `channels` sees
 * the chat channels' connections and logs the bot in to Zalo again (the console's Zalo page).
 */
import { z } from 'zod';
import { PasswordHashSchema } from './password-hash.ts';

export const ROLES = ['officer', 'broadcast', 'channels'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const DEFAULT_ROLES: readonly Role[] = ['officer'];

/** Lower-case letters, digits, ".", "_" and "-", 2–32 characters, starting with a letter or digit. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'use 2–32 lower-case letters, digits, ".", "_" or "-" (e.g. "lan.nguyen")');

/**
 * The official's own chat with the bot (linked with a one-time code from the console), where
 * test sends of broadcasts go. The channel names are listed here rather than imported so the
 * officials file does not depend on the channel layer.
 */
export const OfficialChatSchema = z.object({
  channel: z.enum(['telegram', 'zalo', 'web', 'console']),
  chatId: z.string().min(1).max(200),
  locale: z.enum(['vi', 'en']),
  linkedAt: z.string(),
});
export type OfficialChat = z.infer<typeof OfficialChatSchema>;

export const OfficialSchema = z.strictObject({
  username: UsernameSchema,
  roles: z.array(RoleSchema).min(1),
  password: PasswordHashSchema,
  createdAt: z.string(),
  passwordChangedAt: z.string().optional(),
  // Added for broadcasts: files written before have no `chat`, and a damaged one only unlinks
  // the chat (the official links it again) instead of making the whole file unreadable,
  // which would lock every official out.
  chat: OfficialChatSchema.optional().catch(undefined),
});
export type Official = z.infer<typeof OfficialSchema>;

export const OfficialsFileSchema = z.strictObject({
  version: z.literal(1),
  officials: z.array(OfficialSchema),
});
export type OfficialsFile = z.infer<typeof OfficialsFileSchema>;

/** Shortest password accepted (a passphrase of a few words is better than a short complex one). */
export const MIN_PASSWORD_LENGTH = 10;

export function hasRole(o: Pick<Official, 'roles'>, role: Role): boolean {
  return o.roles.includes(role);
}
