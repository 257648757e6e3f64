/**
 * The broadcast composer over HTTP (`inject`) against the real app and broadcast service:
 * only officials with the `broadcast` role, CSRF on every form, compose → preview → confirm →
 * send → list → detail, problems shown beside their fields with what was typed kept, the CSV
 * report, and every step in the audit log.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntrySchema, type AuditEntry } from '../../src/console/audit-log.ts';
import { bootBroadcastApp, PASSWORD, postCompose, subscribe, textOf, wardCode, type BroadcastApp } from './broadcast-support.ts';
import { ConsoleClient } from './console-support.ts';

async function audit(dataDir: string): Promise<AuditEntry[]> {
  const text = await readFile(join(dataDir, 'console-audit.jsonl'), 'utf8');
  return text.trim().split('\n').map((l) => AuditEntrySchema.parse(JSON.parse(l)));
}

async function pushed(b: BroadcastApp, chat: string): Promise<string[]> {
  const r = await b.app.http.inject({ method: 'GET', url: `/api/sim/messages?chat=${chat}&after=0` });
  return (r.json() as { messages: { text: string }[] }).messages.map((m) => m.text);
}

describe('broadcast composer over HTTP', () => {
  let b: BroadcastApp;
  let official: ConsoleClient;
  const benThanh = wardCode('Phường Bến Thành');
  const saiGon = wardCode('Phường Sài Gòn');

  beforeAll(async () => {
    b = await bootBroadcastApp();
    await subscribe(b.app, 'bt-vi', { ward: 'Phường Bến Thành', topics: ['emergency'] });
    await subscribe(b.app, 'bt-en', { ward: 'Phường Bến Thành', topics: ['emergency', 'general'], locale: 'en' });
    await subscribe(b.app, 'bt-other-topic', { ward: 'Phường Bến Thành', topics: ['business'] });
    await subscribe(b.app, 'sg-vi', { ward: 'Phường Sài Gòn', topics: ['emergency'] });
    official = new ConsoleClient(b.app.http);
    expect((await official.login('bao.tran', PASSWORD)).status).toBe(303);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('is only for officials with the broadcast role', async () => {
    const officer = new ConsoleClient(b.app.http);
    await officer.login('lan.nguyen', PASSWORD);
    const home = await officer.get('/console/dossiers');
    expect(home.body).not.toContain('/console/broadcasts');
    for (const url of ['/console/broadcasts', '/console/broadcasts/new', '/console/broadcasts/my-chat']) {
      const r = await officer.get(url);
      expect(r.status, url).toBe(403);
      expect(r.body).toContain('không có quyền');
    }
    expect((await officer.get('/console/broadcasts/x/report.csv')).status).toBe(403);
    const post = await postCompose(b.app.http, officer, { text_vi: 'Thử', op: 'preview' });
    expect(post.status).toBe(403);
    // The menu has the entry for those who may use it.
    expect((await official.get('/console/dossiers')).body).toContain('<a href="/console/broadcasts">Gửi thông báo</a>');
  });

  it('refuses forms without the CSRF token', async () => {
    await official.get('/console/broadcasts/new');
    const r = await postCompose(b.app.http, official, { text_vi: 'Thử', op: 'preview' }, { csrf: null });
    expect(r.status).toBe(403);
    expect(r.body).toContain('Biểu mẫu đã hết hạn');
    const code = await official.post('/console/broadcasts/my-chat/code', {}, { csrf: 'wrong' });
    expect(code.status).toBe(403);
    expect((await audit(b.dataDir)).filter((e) => e.action === 'csrf_refused').length).toBeGreaterThanOrEqual(2);
  });

  it('points at each problem beside its field and keeps what was typed', async () => {
    await official.get('/console/broadcasts/new');
    const r = await postCompose(b.app.http, official, { text_vi: '   ', text_en: 'Flood warning <b>tonight</b>', link: 'http://example.com/x', wards: [benThanh], topics: ['emergency'], op: 'preview' });
    expect(r.status).toBe(400);
    const text = textOf(r.body);
    expect(text).toContain('Vui lòng nhập nội dung thông báo bằng tiếng Việt.');
    expect(text).toContain('Liên kết chưa đúng.');
    // Kept (and escaped): the English text, the link, the ticked ward and topic.
    expect(r.body).toContain('Flood warning &lt;b&gt;tonight&lt;/b&gt;</textarea>');
    expect(r.body).toContain('value="http://example.com/x"');
    expect(r.body).toMatch(new RegExp(`value="${benThanh}" checked`));
    expect(r.body).toMatch(/value="emergency" checked/);
    expect(r.body).toContain('aria-invalid="true" aria-describedby="err-text_vi"');
  });

  it('refuses a PDF as the image, by its content, and keeps the text', async () => {
    await official.get('/console/broadcasts/new');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
    const r = await postCompose(b.app.http, official, { text_vi: 'Lịch tiếp dân tháng 12', op: 'preview' }, { files: [{ field: 'image', fileName: 'lich.jpg', type: 'image/jpeg', data: pdf }] });
    expect(r.status).toBe(400);
    expect(textOf(r.body)).toContain('Tệp PDF không dùng được làm ảnh.');
    expect(r.body).toContain('Lịch tiếp dân tháng 12</textarea>');
    const refused = (await audit(b.dataDir)).filter((e) => e.action === 'broadcast.image');
    expect(refused.at(-1)).toMatchObject({ outcome: 'refused', actor: 'official:bao.tran' });
  });

  it('filters the ward list without losing the draft', async () => {
    await official.get('/console/broadcasts/new');
    const r = await postCompose(b.app.http, official, { text_vi: 'Bản nháp', ward_filter: 'tan dinh', op: 'filter' });
    expect(r.status).toBe(200);
    expect(textOf(r.body)).toContain('Phường Tân Định');
    expect(textOf(r.body)).not.toContain('Vui lòng nhập');
    expect(r.body).toContain('Bản nháp</textarea>');
    // Without a filter: the wards that have subscribers, with their counts.
    const plain = textOf((await official.get('/console/broadcasts/new')).body);
    expect(plain).toContain('Phường Bến Thành (3 người đăng ký)');
    expect(plain).toContain('Phường Sài Gòn (1 người đăng ký)');
  });

  it('composes, previews, confirms and sends to the segment only; lists it, shows it, reports it', async () => {
    await official.get('/console/broadcasts/new');
    const image = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#c8102e' } }).withMetadata({ exif: { IFD0: { Artist: 'Secret Camera' } } }).jpeg().toBuffer();
    const posted = await postCompose(
      b.app.http,
      official,
      { text_vi: 'Cảnh báo ngập: tối nay triều cường, hạn chế đi qua đường Lê Lợi.', text_en: 'Flood warning: high tide tonight, avoid Le Loi street.', link: 'https://tphcm.gov.vn/canh-bao', wards: [benThanh], topics: ['emergency'], op: 'preview' },
      { files: [{ field: 'image', fileName: 'canh-bao.jpg', type: 'image/jpeg', data: image }] },
    );
    expect(posted.status, textOf(posted.body).slice(0, 500)).toBe(303);
    const previewUrl = posted.location!;
    expect(previewUrl).toMatch(/^\/console\/broadcasts\/drafts\/[A-Za-z0-9_-]{22}$/);
    const preview = await official.get(previewUrl);
    const text = textOf(preview.body);
    expect(text).toContain('Tổng số người nhận 2');
    expect(text).toContain('Bản Tiếng Việt (1 người nhận)');
    expect(text).toContain('Bản Tiếng Anh (1 người nhận)');
    expect(text).toContain('Flood warning: high tide tonight');
    // Telegram: the photo carries the text as its caption; the HTML sent is shown.
    expect(preview.body).toContain('HTML gửi lên Telegram');
    expect(preview.body).toContain('<a href="https://tphcm.gov.vn/canh-bao"');
    // The image shown is the re-encoded one, without the camera's metadata.
    const img = await official.get(`${previewUrl}/image`);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    // No linked chat yet: the test send says how to link one.
    expect(text).toContain('Bạn chưa liên kết chat của mình');

    // A schedule in the past is refused with the fields kept.
    const past = await official.post(`${previewUrl}/confirm`, { when: 'later', send_date: '2020-01-01', send_time: '08:00' });
    expect(past.status).toBe(400);
    expect(textOf(past.body)).toContain('Thời điểm gửi đã qua hoặc quá gần.');
    expect(past.body).toContain('value="2020-01-01"');

    const confirm = await official.post(`${previewUrl}/confirm`, { when: 'now' });
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toContain('Gửi cho 2 người?');
    const sent = await official.post(`${previewUrl}/send`, { expected: '2' });
    expect(sent.status).toBe(303);
    const detailUrl = sent.location!;
    expect(detailUrl).toMatch(/^\/console\/broadcasts\/[A-Za-z0-9_-]+$/);
    // A second click on the same confirmation sends nothing more.
    const again = await official.post(`${previewUrl}/send`, { expected: '2' });
    expect(again.location).toBe('/console/broadcasts');

    await expect.poll(async () => (await pushed(b, 'bt-en')).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await pushed(b, 'bt-vi')).length, { timeout: 10_000 }).toBe(1);
    expect((await pushed(b, 'bt-vi'))[0]).toContain('Cảnh báo ngập');
    expect((await pushed(b, 'bt-en'))[0]).toContain('Flood warning');
    expect(await pushed(b, 'bt-other-topic')).toEqual([]);
    expect(await pushed(b, 'sg-vi')).toEqual([]);

    const id = detailUrl.split('/').at(-1)!;
    await expect.poll(async () => (await b.app.broadcasts.get(id))?.status, { timeout: 10_000 }).toBe('done');
    const detail = await official.get(detailUrl);
    expect(detail.status).toBe(200);
    expect(textOf(detail.body)).toContain('Đã gửi xong');
    expect(textOf(detail.body)).toContain('Đã xử lý 2/2 người nhận');
    // Finished: no reload, no action buttons.
    expect(detail.body).not.toContain('http-equiv="refresh"');
    expect(detail.body).not.toContain(`/console/broadcasts/${id}/pause`);

    const list = await official.get('/console/broadcasts');
    expect(textOf(list.body)).toContain('Cảnh báo ngập: tối nay triều cường');
    expect(textOf(list.body)).toContain('bao.tran');

    const csv = await official.get(`${detailUrl}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="broadcast-${id}.csv"`);
    expect(csv.body.startsWith('\uFEFFKênh,Mã chat,Ngôn ngữ,Tình trạng,Số lần thử,Cập nhật lúc,Lỗi\r\n')).toBe(true);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).sort()).toEqual([expect.stringMatching(/^Web,bt-en,Tiếng Anh,Đã gửi,1,/), expect.stringMatching(/^Web,bt-vi,Tiếng Việt,Đã gửi,1,/)]);

    const entries = await audit(b.dataDir);
    const created = entries.find((e) => e.action === 'broadcast.create' && e.outcome === 'ok');
    expect(created).toMatchObject({ actor: 'official:bao.tran', target: id, detail: { recipients: 2, confirmed_count: 2, image: true, link: 'https://tphcm.gov.vn/canh-bao' } });
    expect(String(created?.detail?.text_vi)).toContain('Cảnh báo ngập');
    expect(JSON.parse(String(created?.detail?.audience))).toEqual({ wardCodes: [benThanh], topics: ['emergency'] });
    expect(entries.some((e) => e.action === 'broadcast.report' && e.target === id)).toBe(true);
  });

  it('schedules, and cancels a scheduled broadcast; a stale page cannot act on it', async () => {
    await official.get('/console/broadcasts/new');
    const posted = await postCompose(b.app.http, official, { text_vi: 'Thông báo nghỉ Tết Dương lịch', wards: [saiGon], op: 'preview' });
    expect(posted.status).toBe(303);
    await official.get(posted.location!);
    const when = new Date(Date.now() + 2 * 86_400_000 + 7 * 3_600_000).toISOString();
    const confirm = await official.post(`${posted.location}/confirm`, { when: 'later', send_date: when.slice(0, 10), send_time: '07:30' });
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toMatch(/Gửi cho 1 người lúc \d{2}\/\d{2}\/\d{4} 07:30\?/);
    const sent = await official.post(`${posted.location}/send`, { expected: '1' });
    const detail = await official.follow(sent);
    expect(textOf(detail.body)).toContain('Đã hẹn giờ gửi thông báo.');
    expect(textOf(detail.body)).toContain('Đã hẹn giờ');
    const id = sent.location!.split('/').at(-1)!;
    expect(detail.body).not.toContain(`action="/console/broadcasts/${id}/pause"`);

    const cancelled = await official.post(`/console/broadcasts/${id}/cancel`, { expected: 'scheduled' });
    expect(textOf((await official.follow(cancelled)).body)).toContain('Đã hủy. Những người chưa nhận');
    expect((await b.app.broadcasts.get(id))?.status).toBe('cancelled');
    // The old page (expected "scheduled") tries again: refused, nothing changes.
    const stale = await official.post(`/console/broadcasts/${id}/cancel`, { expected: 'scheduled' });
    expect(textOf((await official.follow(stale)).body)).toContain('Không thực hiện được “Hủy gửi”: thông báo đang ở trạng thái “Đã hủy”.');
    const entries = (await audit(b.dataDir)).filter((e) => e.action === 'broadcast.cancel');
    expect(entries.map((e) => e.outcome)).toEqual(['ok', 'refused']);
    expect(await pushed(b, 'sg-vi')).toEqual([]);
  });

  it('reads in English after the switch, with no text missing', async () => {
    const en = new ConsoleClient(b.app.http);
    await en.login('bao.tran', PASSWORD);
    await en.get('/console/lang/en?next=/console/broadcasts');
    await en.get('/console/broadcasts/new');
    const posted = await postCompose(b.app.http, en, { text_vi: 'Thông báo', text_en: '', wards: [benThanh], op: 'preview' });
    const pages = [await en.get('/console/broadcasts'), await en.get('/console/broadcasts/new'), await en.get(posted.location!), await en.post(`${posted.location}/confirm`, { when: 'now' }), await en.get('/console/broadcasts/my-chat')];
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.body).toContain('<html lang="en">');
      // A missing text would show as its key.
      expect(textOf(p.body)).not.toMatch(/\b(?:broadcasts|errors|nav)\.[a-z_]+/);
    }
    expect(textOf(pages[2]!.body)).toContain('No English text: subscribers who use English get the Vietnamese text.');
    expect(textOf(pages[3]!.body)).toContain('Send to 3 people?');
  });

  it('links the official’s own chat with a one-time code, then test-sends to it', async () => {
    const page = await official.get('/console/broadcasts/my-chat');
    expect(textOf(page.body)).toContain('Chưa liên kết chat nào.');
    const issued = await official.follow(await official.post('/console/broadcasts/my-chat/code', {}));
    const code = /class="link-code"[^>]*>(\d{6})</.exec(issued.body)?.[1];
    expect(code).toBeDefined();
    expect(issued.body).toContain('http-equiv="refresh"');
    // A wrong code first, then the right one typed loosely, in the web chat.
    const chat = async (text: string): Promise<string> => {
      const r = await b.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'bao-phone', text } });
      return (r.json() as { replies: { text: string }[] }).replies.map((x) => x.text).join('\n');
    };
    expect(await chat(`lien ket ${code === '000000' ? '000001' : '000000'}`)).toContain('Mã liên kết không đúng hoặc đã hết hạn');
    expect(await chat(`Liên kết ${code}`)).toContain('Đã liên kết chat này với tài khoản cán bộ bao.tran');
    // Spent: the same code again does nothing.
    expect(await chat(`liên kết ${code}`)).toContain('Mã liên kết không đúng');
    const linked = await official.get('/console/broadcasts/my-chat');
    expect(textOf(linked.body)).toContain('Web …hone');
    expect(linked.body).not.toContain('http-equiv="refresh"');

    await official.get('/console/broadcasts/new');
    const posted = await postCompose(b.app.http, official, { text_vi: 'Thử gửi cho chính tôi', text_en: 'A test to myself', op: 'preview' });
    const preview = await official.get(posted.location!);
    expect(textOf(preview.body)).toContain('Gửi thử đến chat của bạn: Web …hone (Tiếng Việt).');
    const tested = await official.follow(await official.post(`${posted.location}/test`, {}));
    expect(textOf(tested.body)).toContain('Đã gửi thử đến chat của bạn.');
    await expect.poll(async () => (await pushed(b, 'bao-phone')).filter((m) => m.includes('Thử gửi cho chính tôi')).length, { timeout: 5000 }).toBe(1);
    expect((await audit(b.dataDir)).some((e) => e.action === 'broadcast.test_send' && e.outcome === 'ok')).toBe(true);

    const unlinked = await official.follow(await official.post('/console/broadcasts/my-chat/unlink', {}));
    expect(textOf(unlinked.body)).toContain('Đã bỏ liên kết chat.');
  });
});

describe('pause and resume while sending', () => {
  let b: BroadcastApp;

  beforeAll(async () => {
    // Two web messages a second: slow enough to pause it halfway.
    b = await bootBroadcastApp({ BROADCAST_RATE_WEB: '4' });
    for (let i = 0; i < 24; i++) await subscribe(b.app, `slow-${i}`, { ward: 'Phường Bến Thành' });
  });

  afterAll(async () => {
    await b?.close();
  });

  it('pauses, resumes and cancels from the detail page, which reloads itself while sending', async () => {
    const c = new ConsoleClient(b.app.http);
    await c.login('bao.tran', PASSWORD);
    await c.get('/console/broadcasts/new');
    const posted = await postCompose(b.app.http, c, { text_vi: 'Lịch tiêm phòng', op: 'preview' });
    await c.get(posted.location!);
    await c.post(`${posted.location}/confirm`, { when: 'now' });
    const sent = await c.post(`${posted.location}/send`, { expected: '24' });
    const id = sent.location!.split('/').at(-1)!;
    const detail = await c.follow(sent);
    expect(textOf(detail.body)).toContain('Đang gửi');
    expect(detail.body).toContain('<meta http-equiv="refresh" content="3">');
    expect(detail.body).toContain(`action="/console/broadcasts/${id}/pause"`);

    const paused = await c.follow(await c.post(`/console/broadcasts/${id}/pause`, { expected: 'sending' }));
    expect(textOf(paused.body)).toContain('Đã tạm dừng gửi.');
    expect(paused.body).not.toContain('http-equiv="refresh"');
    expect(paused.body).toContain(`action="/console/broadcasts/${id}/resume"`);
    const resumed = await c.follow(await c.post(`/console/broadcasts/${id}/resume`, { expected: 'paused' }));
    expect(textOf(resumed.body)).toContain('Đã tiếp tục gửi.');
    const cancelled = await c.follow(await c.post(`/console/broadcasts/${id}/cancel`, { expected: 'sending' }));
    expect(textOf(cancelled.body)).toContain('Đã hủy.');
    const entries = (await readFile(join(b.dataDir, 'console-audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    expect(entries.filter((e) => e.target === id).map((e) => `${e.action}:${e.outcome}`)).toEqual(['broadcast.create:ok', 'broadcast.pause:ok', 'broadcast.resume:ok', 'broadcast.cancel:ok']);
  });
});
