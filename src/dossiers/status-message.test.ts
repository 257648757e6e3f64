import { describe, expect, it } from 'vitest';
import { loadCatalog, translator } from '../i18n/locales.ts';
import type { Dossier } from './dossier.ts';
import { applyTransition, type LifecycleAction } from './lifecycle.ts';
import { statusMessage } from './status-message.ts';
import { statusPushes } from './status-pushes.ts';

const ctx = { t: translator(), procedureTitle: (_: string, l: 'vi' | 'en') => (l === 'vi' ? 'Đăng ký khai sinh' : 'Birth registration') };
const at = '2026-11-20T02:00:00.000Z';
const base: Dossier = {
  code: 'HS-7K2M-9QXD',
  submissionKey: 'k',
  procedureId: 'khai-sinh',
  procedureVersion: 1,
  answers: {},
  photos: [],
  applicant: {},
  submitter: { channel: 'web', chatId: 'me', userId: 'me', self: true },
  notify: [
    { channel: 'web', chatId: 'me', locale: 'vi' },
    { channel: 'telegram', chatId: '42', locale: 'en' },
    { channel: 'web', chatId: 'me', locale: 'vi' },
  ],
  status: 'submitted',
  history: [{ at, status: 'submitted', by: 'citizen' }],
  amendments: [],
  followers: [{ channel: 'telegram', chatId: '42', locale: 'en', since: at }],
  submittedAt: at,
  updatedAt: at,
};

function after(actions: [LifecycleAction, string?][]): Dossier {
  let d = base;
  actions.forEach(([action, note], i) => {
    d = applyTransition(d, { action, by: 'official:lan', at: new Date(Date.parse(at) + (i + 1) * 3600_000), ...(note ? { note } : {}) });
  });
  return d;
}

describe('notify locales', () => {
  it('have the same keys in vi and en', () => {
    const c = loadCatalog();
    const keys = (l: 'vi' | 'en'): string[] => [...c[l].keys()].filter((k) => k.startsWith('notify.')).sort();
    expect(keys('vi')).toEqual(keys('en'));
    expect(keys('vi').length).toBeGreaterThan(10);
  });
});

describe('status messages', () => {
  it('name the dossier, the new status in Vietnam time, and the next step, in each language', () => {
    const d = after([['receive']]);
    expect(statusMessage(d, 1, 'submitter', 'vi', ctx).text).toBe(
      'Hồ sơ HS-7K2M-9QXD – Đăng ký khai sinh\nTrạng thái mới: đã tiếp nhận (lúc 10:00 20/11/2026).\nCán bộ sẽ sớm xem xét hồ sơ. Mình sẽ báo cho bạn tại đây khi có thay đổi.',
    );
    expect(statusMessage(d, 1, 'follower', 'en', ctx).text).toContain('New status: received (20/11/2026, 10:00).');
  });

  it('fit a Zalo message (2,000 characters) even with the longest note officials can write', () => {
    const note = 'x'.repeat(1000);
    for (const [action] of [['reject'], ['result_ready']] as const) {
      const d = action === 'reject' ? after([['reject', note]]) : after([['receive'], ['process'], ['result_ready', note]]);
      for (const l of ['vi', 'en'] as const) expect(statusMessage(d, d.history.length - 1, 'submitter', l, ctx).text.length).toBeLessThan(2000);
    }
  });

  it('never read the citizen’s own history note out as the office’s message', () => {
    let d = after([['receive'], ['request_supplement', 'Thiếu ảnh.']]);
    d = applyTransition(d, { action: 'supplement_received', by: 'citizen', at: new Date(Date.parse(at) + 9 * 3600_000), note: 'Công dân đã bổ sung: Ảnh' });
    const text = statusMessage(d, 3, 'follower', 'vi', ctx).text;
    expect(text).toContain('Phần bổ sung đã được gửi đến cán bộ');
    expect(text).not.toContain('Công dân đã bổ sung');
  });
});

describe('status pushes', () => {
  it('go once to each chat in notify, with ids from code, history index and chat', () => {
    const items = statusPushes(after([['receive']]), 1, ctx);
    expect(items.map((i) => i.id)).toEqual(['status:HS-7K2M-9QXD:1:web:me', 'status:HS-7K2M-9QXD:1:telegram:42']);
    expect(items[1]!.messages[0]!.text).toContain('Application HS-7K2M-9QXD');
    expect(statusPushes(after([['receive']]), 0, ctx)).toEqual([]);
    expect(statusPushes(after([['receive']]), 1, ctx, { skip: { channel: 'web', chatId: 'me' } }).map((i) => i.chatId)).toEqual(['42']);
  });
});
