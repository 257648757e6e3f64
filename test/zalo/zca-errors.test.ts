import { describe, expect, it } from 'vitest';
import { isSessionRejected, toSendError } from '../../src/channels/zalo/zca-errors.ts';
import { zca } from '../../src/channels/zalo/zca.ts';

const { ZaloApiError } = zca;

describe('zca-js errors', () => {
  it('maps Zalo code 221 to RATE_LIMITED with a pause hint', () => {
    expect(toSendError(new ZaloApiError('Bạn gửi quá nhiều tin nhắn', 221))).toMatchObject({ code: 'RATE_LIMITED', details: { zaloCode: 221, retryAfterMs: 60_000 } });
    expect(toSendError(new ZaloApiError('Request failed with status code 429'))).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('maps network and 5xx failures to transient DELIVERY_FAILED, other Zalo codes to permanent', () => {
    expect(toSendError(new TypeError('fetch failed'))).toMatchObject({ code: 'DELIVERY_FAILED', details: { transient: true } });
    expect(toSendError(new ZaloApiError('Request failed with status code 502'))).toMatchObject({ details: { transient: true, status: 502 } });
    expect(toSendError(new ZaloApiError('Failed to parse response data'))).toMatchObject({ details: { transient: true } });
    expect(toSendError(new ZaloApiError('Request failed with status code 403'))).toMatchObject({ details: { transient: false, status: 403 } });
    expect(toSendError(new ZaloApiError('Không thể gửi tin nhắn', 114))).toMatchObject({ details: { transient: false, zaloCode: 114 } });
    expect(toSendError(new ZaloApiError('Missing message content'))).toMatchObject({ details: { transient: false } });
  });

  it('recognises a dead session from zca-js login errors', () => {
    expect(isSessionRejected(new ZaloApiError('Đăng nhập thất bại'))).toBe(true);
    expect(isSessionRejected(new ZaloApiError('Failed to fetch server info: zpw_sek bị thiếu hoặc không đúng'))).toBe(true);
    expect(isSessionRejected(new ZaloApiError('Failed to fetch login info: Bad Gateway'))).toBe(false);
    expect(isSessionRejected(new TypeError('fetch failed'))).toBe(false);
  });
});
