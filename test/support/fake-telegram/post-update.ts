/**
 * @module Delivers an update the way Telegram does in webhook mode: a JSON POST with the
 * X-Telegram-Bot-Api-Secret-Token header set by setWebhook's secret_token.
 */
import type { FakeUpdate } from './bot-api-types.ts';

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** POSTs `update` to `url`; resolves with the HTTP status (0 when the connection failed). */
export async function postUpdate(url: string, update: FakeUpdate, secretToken?: string): Promise<number> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secretToken !== undefined ? { [SECRET_HEADER]: secretToken } : {}) },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
