/**
 * @module What a zca-js failure means for us. zca-js throws `ZaloApiError` with Zalo's numeric
 * `code` when the server answered with an error (221 = too many requests), and plain
 * TypeErrors when the network failed; login failures carry only a message.
 */
import { MotcuaError } from '../../errors.ts';
import { zca } from './zca.ts';

const { ZaloApiError } = zca;

/** Zalo's "too many requests" (reported for bursts of messages from one account). */
export const ZALO_RATE_LIMITED = 221;

/** How long to hold sends after a 221 that carries no hint (the queue adds its own backoff). */
const RATE_LIMIT_PAUSE_MS = 60_000;

/**
 * Sends: 221/429 → RATE_LIMITED; network and 5xx → DELIVERY_FAILED (transient);
 * any other Zalo error code → DELIVERY_FAILED with transient false (retrying will not help).
 */
export function toSendError(e: unknown): MotcuaError {
  if (e instanceof MotcuaError) return e;
  if (e instanceof ZaloApiError) {
    const status = /status code (\d{3})/.exec(e.message)?.[1];
    if (e.code === ZALO_RATE_LIMITED || status === '429') {
      return new MotcuaError('RATE_LIMITED', 'Zalo: too many requests', { zaloCode: e.code ?? 429, retryAfterMs: RATE_LIMIT_PAUSE_MS }, { cause: e });
    }
    if (e.code === null && (status !== undefined || /parse response/i.test(e.message))) {
      // An HTTP failure or a response that did not parse (an HTML error page): worth retrying.
      const transient = status === undefined || Number(status) >= 500 || status === '408';
      return new MotcuaError('DELIVERY_FAILED', 'Zalo send failed (HTTP)', { transient, status: status === undefined ? undefined : Number(status) }, { cause: e });
    }
    // A Zalo error code, or zca-js refusing the input (missing content, file type): retrying will not help.
    return new MotcuaError('DELIVERY_FAILED', `Zalo refused the message${e.code === null ? '' : ` (code ${e.code})`}`, { transient: false, zaloCode: e.code }, { cause: e });
  }
  return new MotcuaError('DELIVERY_FAILED', 'Zalo send failed (network)', { transient: true }, { cause: e });
}

/**
 * Logins: a session Zalo no longer accepts must go to an operator (QR), a network blip must not.
 * zca-js reports a dead session as "Đăng nhập thất bại" (no login data), "zpw_sek bị thiếu
 * hoặc không đúng" (from getServerInfo), or missing params; everything else is treated as transient.
 */
export function isSessionRejected(e: unknown): boolean {
  if (!(e instanceof ZaloApiError)) return false;
  const m = e.message;
  return /Đăng nhập thất bại|zpw_sek|Missing required params|Khởi tạo ngữ cảnh thất bại/i.test(m);
}

/** A short, log-safe description (never a response body, which may hold personal data). */
export function describeError(e: unknown): { name: string; code?: number | string } {
  if (e instanceof ZaloApiError) return e.code === null ? { name: 'ZaloApiError' } : { name: 'ZaloApiError', code: e.code };
  if (e instanceof MotcuaError) return { name: 'MotcuaError', code: e.code };
  if (e instanceof Error) return { name: e.name };
  return { name: typeof e };
}
