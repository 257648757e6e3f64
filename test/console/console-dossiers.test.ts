/**
 * The dossier pages through the real app with `inject`: the list's filters and code search,
 * the detail page (readable answers, escaped HTML, people, history, amendments, deliveries),
 * and the actions — shown only when the lifecycle allows them, validated on the server,
 * refused with 409 when the transition is not allowed, recorded in history and the audit log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Dossier } from '../../src/dossiers/dossier.ts';
import { newTrackingCode } from '../../src/dossiers/tracking-code.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { documentJpegBase64 } from '../support/web-api-client.ts';
import { addOfficial, ConsoleClient, submitMiniDossier } from './console-support.ts';

const PASSWORD = 'mật khẩu thử nghiệm 2026';

let app: App;
let dataDir: string;
let c: ConsoleClient;
let chatCode: string;

function dossier(over: Partial<Dossier> = {}): Dossier {
  const at = over.submittedAt ?? '2026-03-10T03:00:00.000Z';
  return {
    code: newTrackingCode(),
    submissionKey: `k-${Math.random()}`,
    procedureId: 'mini',
    procedureVersion: 1,
    answers: { filer: 'self', full_name: 'Trần Thị Mai', sex: 'female', dob: '1990-03-05', phone: '+84901234567', has_doc: false, reason: 'Mất giấy tờ' },
    photos: [],
    applicant: { name: 'Trần Thị Mai', phone: '+84901234567' },
    submitter: { channel: 'telegram', chatId: '5551234', userId: '5551234', self: true },
    notify: [{ channel: 'telegram', chatId: '5551234', locale: 'vi' }],
    status: 'submitted',
    history: [{ at, status: 'submitted', by: 'citizen' }],
    amendments: [],
    followers: [],
    submittedAt: at,
    updatedAt: at,
    ...over,
  };
}

const store = createMemoryStore();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-console-dossiers-'));
  app = createApp({ config: loadConfig({ DATA_DIR: dataDir, PORT: '0' }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS, store });
  await addOfficial(dataDir, 'lan', PASSWORD);
  chatCode = await submitMiniDossier(app.http, 'dossier-chat', await documentJpegBase64());
  c = new ConsoleClient(app.http);
  expect((await c.login('lan', PASSWORD)).status).toBe(303);
});

afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Codes in the list page, in order. */
function listed(body: string): string[] {
  return [...body.matchAll(/<td class="code"><a href="\/console\/dossiers\/(HS-[^"]+)">/g)].map((m) => m[1]!);
}

describe('the list', () => {
  const made: Record<string, Dossier> = {};
  beforeAll(async () => {
    made.a = dossier({ submittedAt: '2026-03-01T02:00:00.000Z', ward: 'Phường Bến Thành', wardCode: '26743' });
    // 23:30 on 1 March UTC is 06:30 on 2 March in Vietnam.
    made.b = dossier({ submittedAt: '2026-03-01T23:30:00.000Z', ward: 'Phường Sài Gòn', wardCode: '26740', status: 'received' });
    made.c = dossier({ submittedAt: '2026-03-03T02:00:00.000Z', ward: 'Phường Bến Thành', wardCode: '26743', procedureId: 'other-proc' });
    for (const d of Object.values(made)) await store.dossiers.create(d);
  });

  it('shows code, procedure, applicant, ward, status and Vietnam time, newest first', async () => {
    const r = await c.get('/console/dossiers');
    expect(r.status).toBe(200);
    const codes = listed(r.body);
    expect(codes.slice(0, 1)).toEqual([chatCode]);
    expect(codes.indexOf(made.c!.code)).toBeLessThan(codes.indexOf(made.b!.code));
    expect(codes.indexOf(made.b!.code)).toBeLessThan(codes.indexOf(made.a!.code));
    const row = r.body.slice(r.body.indexOf(made.b!.code));
    expect(row).toMatch(/Thủ tục thử nghiệm<\/td>\s*<td>Trần Thị Mai<\/td>\s*<td>Phường Sài Gòn<\/td>\s*<td><span class="badge s-received">Đã tiếp nhận<\/span><\/td>\s*<td class="nowrap">02\/03\/2026 06:30<\/td>/);
    // A procedure no longer loaded shows its id.
    expect(r.body).toContain('>other-proc</td>');
  });

  it('filters by procedure, status, ward and submitted date (Vietnam days)', async () => {
    expect(listed((await c.get('/console/dossiers?procedure=other-proc')).body)).toEqual([made.c!.code]);
    expect(listed((await c.get('/console/dossiers?status=received')).body)).toEqual([made.b!.code]);
    expect(listed((await c.get('/console/dossiers?ward=ben+thanh&procedure=mini&to=2026-03-05')).body)).toEqual([made.a!.code]);
    expect(listed((await c.get('/console/dossiers?ward=26740')).body)).toEqual([made.b!.code]);
    expect(listed((await c.get('/console/dossiers?from=2026-03-02&to=2026-03-02')).body)).toEqual([made.b!.code]);
    expect(listed((await c.get('/console/dossiers?from=2026-03-01&to=2026-03-01')).body)).toEqual([made.a!.code]);
    // The form keeps what was chosen.
    const page = (await c.get('/console/dossiers?status=received&ward=Sài+Gòn')).body;
    expect(page).toContain('<option value="received" selected>');
    expect(page).toContain('value="Sài Gòn"');
  });

  it('finds a dossier by its code, in any case, with or without dashes, or by part of it', async () => {
    const code = made.b!.code;
    for (const q of [code, code.toLowerCase(), code.replace(/-/g, ''), code.slice(3).replace('-', ' '), code.slice(3, 7)]) {
      expect(listed((await c.get(`/console/dossiers?q=${encodeURIComponent(q)}`)).body), q).toContain(code);
    }
    expect(listed((await c.get(`/console/dossiers?q=${encodeURIComponent(code.toLowerCase())}`)).body)).toEqual([code]);
    expect((await c.get('/console/dossiers?q=HS-ZZZZ-ZZZZ')).body).toContain('Không có hồ sơ nào khớp với bộ lọc.');
  });

  it('ignores nonsense in the filters instead of failing', async () => {
    const r = await c.get('/console/dossiers?status=bogus&from=yesterday&page=-3&procedure=../../etc');
    expect(r.status).toBe(200);
    expect(listed(r.body).length).toBeGreaterThanOrEqual(4);
  });

  it('pages by 25, keeping the filters in the links', async () => {
    for (let i = 0; i < 26; i++) await store.dossiers.create(dossier({ procedureId: 'paged', submittedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    const first = await c.get('/console/dossiers?procedure=paged');
    expect(listed(first.body)).toHaveLength(25);
    expect(first.body).toContain('href="/console/dossiers?procedure=paged&amp;page=2"');
    const second = await c.get('/console/dossiers?procedure=paged&page=2');
    expect(listed(second.body)).toHaveLength(1);
    expect(second.body).toContain('rel="prev"');
    expect(second.body).not.toContain('rel="next"');
  });
});

describe('the detail page', () => {
  it('shows every answer readably, the photo as a thumbnail link, applicant and submitter', async () => {
    const r = await c.get(`/console/dossiers/${chatCode}`);
    expect(r.status).toBe(200);
    const b = r.body;
    for (const text of ['Người làm thủ tục', 'Giúp người thân', 'Ngày sinh', '01/01/1980', 'Số điện thoại', '0912 345 678', 'Số CCCD', '079080001234', 'Địa chỉ', '12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh', 'Vị trí']) {
      expect(b, text).toContain(text);
    }
    const photoId = (await store.dossiers.get(chatCode))!.photos[0]!;
    expect(b).toContain(`<a href="/console/dossiers/${chatCode}/photos/${photoId}" target="_blank" rel="noopener noreferrer"`);
    expect(b).toContain(`<img src="/console/dossiers/${chatCode}/photos/${photoId}?size=thumb" alt="Ảnh giấy tờ 1"`);
    expect(b).toContain('Ảnh giấy tờ tùy thân là dữ liệu cá nhân nhạy cảm');
    expect(b).toContain('Người thân nộp thay (Cha/mẹ)');
    expect(b).toMatch(/<dt>Kênh<\/dt><dd>Web/);
    // Submitted: receive and reject are offered, nothing later in the lifecycle.
    expect(b).toContain(`action="/console/dossiers/${chatCode}/actions/receive"`);
    expect(b).toContain(`action="/console/dossiers/${chatCode}/actions/reject"`);
    for (const a of ['process', 'request_supplement', 'result_ready', 'complete']) expect(b).not.toContain(`/actions/${a}"`);
    expect(b).toContain('Chưa có tin nhắn nào được gửi về hồ sơ này.');
  });

  it('escapes HTML in answers, names, notes and messages', async () => {
    const evil = '<script>alert(1)</script>';
    const d = dossier({
      answers: { filer: 'self', full_name: '<img src=x onerror=alert(2)>', has_doc: false, reason: `Mất ${evil}\n"quote" & 'apostrophe'` },
      applicant: { name: '<img src=x onerror=alert(2)>' },
      ward: '<b>Phường</b>',
      status: 'supplement_requested',
      supplement: { steps: ['reason'], message: `Gửi lại ${evil}`, requestedAt: '2026-03-10T04:00:00.000Z', by: 'official:<i>x</i>' },
      history: [
        { at: '2026-03-10T03:00:00.000Z', status: 'submitted', by: 'citizen' },
        { at: '2026-03-10T04:00:00.000Z', status: 'supplement_requested', by: 'official:<i>x</i>', note: evil },
      ],
      amendments: [{ at: '2026-03-10T05:00:00.000Z', step: 'reason', before: evil, after: '</td></tr></table><h1>x</h1>' }],
    });
    await store.dossiers.create(d);
    const b = (await c.get(`/console/dossiers/${d.code}`)).body;
    expect(b).not.toContain('<script>alert');
    expect(b).not.toContain('<img src=x');
    expect(b).not.toContain('<i>x</i>');
    expect(b).not.toContain('<h1>x</h1>');
    expect(b).toContain('Mất &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(b).toContain('&quot;quote&quot; &amp; &#39;apostrophe&#39;');
    expect(b).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(b).toContain('&lt;b&gt;Phường&lt;/b&gt;');
    expect(b).toContain('Gửi lại &lt;script&gt;');
    expect(b).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;x&lt;/h1&gt;');
    // And in the list.
    expect((await c.get(`/console/dossiers?q=${d.code}`)).body).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('shows history, amendments (old → new), followers and the delivery state of each message', async () => {
    const d = dossier({
      status: 'processing',
      answers: { filer: 'self', full_name: 'Trần Thị Mai', dob: '1990-03-05', has_doc: false, reason: 'Mất giấy tờ' },
      history: [
        { at: '2026-03-10T03:00:00.000Z', status: 'submitted', by: 'citizen' },
        { at: '2026-03-10T04:00:00.000Z', status: 'received', by: 'official:lan' },
        { at: '2026-03-10T05:00:00.000Z', status: 'supplement_requested', by: 'official:lan', note: 'Ngày sinh chưa đúng' },
        { at: '2026-03-10T06:00:00.000Z', status: 'processing', by: 'citizen', note: 'Ngày sinh' },
      ],
      amendments: [{ at: '2026-03-10T06:00:00.000Z', step: 'dob', before: '1990-05-03', after: '1990-03-05' }],
      followers: [{ channel: 'zalo', chatId: 'z-778899', locale: 'en', since: '2026-03-10T07:00:00.000Z' }],
      notify: [{ channel: 'telegram', chatId: '5551234', locale: 'vi' }, { channel: 'zalo', chatId: 'z-778899', locale: 'en' }],
    });
    await store.dossiers.create(d);
    // A console of its own over the same store, with an outbox stand-in that reports every delivery state.
    const { registerConsole } = await import('../../src/console/register-console.ts');
    const { fieldRegistry } = await import('../../src/fields/index.ts');
    const { FileMediaStore } = await import('../../src/media/file-media-store.ts');
    const { FileOfficialsStore } = await import('../../src/officials/officials-store.ts');
    const { MemoryAuditLog } = await import('../../src/console/audit-log.ts');
    const { translator } = await import('../../src/i18n/locales.ts');
    const Fastify = (await import('fastify')).default;
    const http = Fastify();
    registerConsole(http, {
      dossiers: store.dossiers,
      flows: app.flows,
      fields: fieldRegistry,
      media: new FileMediaStore(dataDir),
      officials: new FileOfficialsStore(dataDir),
      audit: new MemoryAuditLog(),
      t: translator(),
      logger: silentLogger(),
      outbox: {
        forDossier: async () => [
          { id: `status:${d.code}:1:telegram:5551234`, status: 'sent', attempts: 1, updatedAt: '2026-03-10T04:00:05.000Z' },
          { id: `status:${d.code}:3:telegram:5551234`, status: 'failed', attempts: 5, updatedAt: '2026-03-10T06:10:00.000Z', error: 'DELIVERY_FAILED' },
          { id: `status:${d.code}:3:zalo:z-778899`, status: 'unreachable', attempts: 1, updatedAt: '2026-03-10T06:00:09.000Z', error: 'CHANNEL_UNREACHABLE' },
          { id: `supplement:${d.code}:2:telegram:5551234`, status: 'queued', attempts: 0, updatedAt: '2026-03-10T05:00:01.000Z' },
        ],
      },
    });
    const own = new ConsoleClient(http);
    expect((await own.login('lan', PASSWORD)).status).toBe(303);
    const b = (await own.get(`/console/dossiers/${d.code}`)).body;
    await http.close();
    // History, newest first, in Vietnam time, with who did it.
    expect(b).toMatch(/10\/03\/2026 13:00<\/td><td><span class="badge s-processing">Đang xử lý<\/span><\/td><td>Công dân<\/td><td class="note">Ngày sinh<\/td>/);
    expect(b).toMatch(/10\/03\/2026 12:00<\/td><td><span class="badge s-supplement_requested">Chờ bổ sung<\/span><\/td><td>lan \(cán bộ\)<\/td><td class="note">Ngày sinh chưa đúng<\/td>/);
    // Amendment: old → new, readable.
    expect(b).toMatch(/<td>Ngày sinh<\/td><td class="before">03\/05\/1990<\/td><td class="after">05\/03\/1990<\/td>/);
    // Followers.
    expect(b).toMatch(/<td>Zalo <span class="muted">…8899<\/span><\/td><td>English<\/td>/);
    // Deliveries in words, with the status they announced and to whom.
    expect(b).toMatch(/Thông báo trạng thái: Đã tiếp nhận<\/td>\s*<td>Người nộp · Telegram/);
    expect(b).toContain('<span class="badge d-sent">Đã gửi</span>');
    expect(b).toMatch(/<span class="badge d-failed">Gửi không thành công<\/span> <span class="small muted">\(5 lần thử\)<\/span>/);
    expect(b).toMatch(/Người theo dõi · Zalo <span class="muted">…8899<\/span><\/td>\s*<td><span class="badge d-unreachable">Không liên lạc được<\/span>/);
    expect(b).toMatch(/Yêu cầu bổ sung: Chờ bổ sung<\/td>[\s\S]*?<span class="badge d-queued">Đang chờ gửi<\/span>/);
  });

  it('answers 404 for an unknown or malformed code', async () => {
    expect((await c.get('/console/dossiers/HS-2222-2222')).status).toBe(404);
    expect((await c.get('/console/dossiers/..%2F..%2Fetc')).status).toBe(404);
  });
});

describe('actions', () => {
  const act = async (code: string, action: string, form: Record<string, string | string[]> = {}) => {
    const page = await c.get(`/console/dossiers/${code}`);
    const expected = /name="expected" value="([a-z_]+)"/.exec(page.body)?.[1] ?? '';
    return c.post(`/console/dossiers/${code}/actions/${action}`, { expected, ...form });
  };

  it('takes a dossier from submitted to completed, recording who did what and when', async () => {
    const d = dossier();
    await store.dossiers.create(d);
    const received = await act(d.code, 'receive', { note: 'Đã nhận đủ' });
    expect(received.status).toBe(303);
    expect((await c.follow(received)).body).toContain('Đã tiếp nhận hồ sơ. Công dân sẽ nhận được thông báo.');
    expect((await act(d.code, 'process')).status).toBe(303);
    const page = await c.get(`/console/dossiers/${d.code}`);
    expect(page.body).toContain('/actions/result_ready"');
    expect(page.body).toContain('/actions/request_supplement"');
    expect(page.body).not.toContain('/actions/receive"');
    const ready = await act(d.code, 'result_ready', { method: 'pickup', place: 'Bộ phận Một cửa UBND phường Bến Thành', hours: 'sáng thứ Hai, 8:00–11:00', note: 'Mang theo CCCD.' });
    expect(ready.status).toBe(303);
    expect((await act(d.code, 'complete')).status).toBe(303);
    const done = (await store.dossiers.get(d.code))!;
    expect(done.status).toBe('completed');
    expect(done.history.map((h) => [h.status, h.by])).toEqual([
      ['submitted', 'citizen'],
      ['received', 'official:lan'],
      ['processing', 'official:lan'],
      ['result_ready', 'official:lan'],
      ['completed', 'official:lan'],
    ]);
    expect(done.history[1]!.note).toBe('Đã nhận đủ');
    expect(done.history[3]!.note).toBe('Mời bạn nhận kết quả tại Bộ phận Một cửa UBND phường Bến Thành, thời gian: sáng thứ Hai, 8:00–11:00. Mang theo CCCD.');
    const finalPage = (await c.get(`/console/dossiers/${d.code}`)).body;
    expect(finalPage).toContain('không còn bước xử lý nào');
    expect(finalPage).not.toContain('/actions/');
    const audit = readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8');
    for (const a of ['receive', 'process', 'result_ready', 'complete']) expect(audit).toContain(`"action":"dossier.${a}","target":"${d.code}","outcome":"ok"`);
  });

  it('composes the note for delivery by post in the citizen\'s language', async () => {
    const d = dossier({ status: 'processing', notify: [{ channel: 'telegram', chatId: '1', locale: 'en' }] });
    await store.dossiers.create(d);
    const missing = await act(d.code, 'result_ready', { method: 'post', address: '  ' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('Hãy ghi địa chỉ gửi kết quả.');
    expect((await act(d.code, 'result_ready', { method: 'post', address: '12 Nguyễn Trãi, Phường Bến Thành' })).status).toBe(303);
    expect((await store.dossiers.get(d.code))!.history.at(-1)!.note).toBe('Your result will be posted to 12 Nguyễn Trãi, Phường Bến Thành.');
  });

  it('requests a supplement of chosen steps with a message, and requires both', async () => {
    const page = (await c.get(`/console/dossiers/${chatCode}`)).body;
    if (page.includes('/actions/receive"')) await act(chatCode, 'receive');
    const form = (await c.get(`/console/dossiers/${chatCode}`)).body;
    // Fields and photos offered apart, from the dossier's own steps.
    expect(form).toMatch(/<legend>Thông tin<\/legend>[\s\S]*value="dob"/);
    expect(form).toMatch(/<legend>Ảnh giấy tờ<\/legend>\s*<div class="steps-list"><label class="check"><input type="checkbox" name="steps" value="doc_photos">/);
    expect(form).not.toContain('value="reason"'); // does not apply: the citizen has the document
    const none = await act(chatCode, 'request_supplement', { message: 'Ảnh mờ' });
    expect(none.status).toBe(400);
    expect(none.body).toContain('Hãy chọn ít nhất một mục cần bổ sung.');
    expect(none.body).toMatch(/<details class="action" open>\s*<summary>Yêu cầu bổ sung/);
    expect(none.body).toContain('<p class="field-error" role="alert" tabindex="-1" autofocus>');
    expect(none.body).toContain('Ảnh mờ</textarea>');
    const noMessage = await act(chatCode, 'request_supplement', { steps: ['doc_photos'], message: '  ' });
    expect(noMessage.status).toBe(400);
    expect(noMessage.body).toContain('Hãy viết lời nhắn cho công dân.');
    expect(noMessage.body).toMatch(/value="doc_photos" checked/);
    const stranger = await act(chatCode, 'request_supplement', { steps: ['nope'], message: 'x' });
    expect(stranger.status).toBe(400);
    const ok = await act(chatCode, 'request_supplement', { steps: ['doc_photos', 'dob'], message: 'Ảnh CCCD bị mờ, ngày sinh chưa khớp.' });
    expect(ok.status).toBe(303);
    const d = (await store.dossiers.get(chatCode))!;
    expect(d.status).toBe('supplement_requested');
    expect(d.supplement).toMatchObject({ steps: ['doc_photos', 'dob'], message: 'Ảnh CCCD bị mờ, ngày sinh chưa khớp.', by: 'official:lan' });
    const after = (await c.follow(ok)).body;
    expect(after).toContain('Đang chờ công dân bổ sung');
    expect(after).toMatch(/<li>Ảnh giấy tờ<\/li><li>Ngày sinh<\/li>/);
  });

  it('requires a reason to reject', async () => {
    const d = dossier();
    await store.dossiers.create(d);
    const r = await act(d.code, 'reject', { note: '   ' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('Hãy ghi lý do từ chối.');
    expect((await store.dossiers.get(d.code))!.status).toBe('submitted');
    expect((await act(d.code, 'reject', { note: 'Không thuộc thẩm quyền của phường.' })).status).toBe(303);
    expect((await store.dossiers.get(d.code))!.history.at(-1)).toMatchObject({ status: 'rejected', by: 'official:lan', note: 'Không thuộc thẩm quyền của phường.' });
  });

  it('refuses an invalid transition with 409 and a clear message', async () => {
    const d = dossier();
    await store.dossiers.create(d);
    await c.get(`/console/dossiers/${d.code}`);
    // Not offered on the page, posted anyway (an old tab, a crafted request).
    const r = await c.post(`/console/dossiers/${d.code}/actions/complete`, {});
    expect(r.status).toBe(409);
    expect(r.body).toContain('Không thực hiện được “Hoàn thành (đã trả kết quả)”: hồ sơ đang ở trạng thái “Mới nộp”.');
    expect((await store.dossiers.get(d.code))!.status).toBe('submitted');
    expect(readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8')).toContain(`"action":"dossier.complete","target":"${d.code}","outcome":"refused"`);
  });

  it('refuses to act on a page that is out of date (someone else acted first) with 409', async () => {
    const d = dossier();
    await store.dossiers.create(d);
    await c.get(`/console/dossiers/${d.code}`);
    const token = c.csrf();
    await app.dossiers.transition(d.code, { action: 'receive', by: 'official:khoa', at: new Date() });
    const r = await c.post(`/console/dossiers/${d.code}/actions/reject`, { expected: 'submitted', note: 'Trùng hồ sơ' }, { csrf: token });
    expect(r.status).toBe(409);
    expect(r.body).toContain('Hồ sơ vừa được người khác cập nhật, nay ở trạng thái “Đã tiếp nhận”.');
    expect((await store.dossiers.get(d.code))!.status).toBe('received');
  });

  it('answers 404 for an unknown action', async () => {
    await c.get(`/console/dossiers/${chatCode}`);
    expect((await c.post(`/console/dossiers/${chatCode}/actions/supplement_received`, {})).status).toBe(404);
  });
});
