/**
 * The web chat API around a procedure: the message history a page polls (every message, in
 * order, increasing seq), a double tap on "Xác nhận và nộp" — sent twice at once and as a
 * retried request — making one dossier, and bad input answered with 400 and a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, documentJpegBase64, WebChatClient, type BootedApp } from '../support/web-api-client.ts';
import { answerUntilSummary, openFlow, REVIEW_STATE, TRACKING_CODE, type AnswerTable } from './driver.ts';

const NOW = new Date('2026-03-16T03:00:00Z');

let booted: BootedApp;
let jpeg: string;
const photo = async (): Promise<string> => jpeg;

beforeAll(async () => {
  booted = await bootApp({ now: NOW });
  jpeg = await documentJpegBase64(640, 480, 9);
});
afterAll(() => booted?.close());

/** A short procedure: an anonymous report. */
const REPORT: AnswerTable = {
  filer: { tap: 'self', value: 'self' },
  category: { tap: 'environment', value: 'environment' },
  description: { say: 'Rác thải đổ đống ở đầu hẻm 34 gần một tuần chưa thu gom.', value: 'Rác thải đổ đống ở đầu hẻm 34 gần một tuần chưa thu gom.' },
  occurrence: { tap: 'now', value: 'now' },
  photos: { photos: 1, finish: 'tap' },
  location: { location: { lat: 10.7731, lng: 106.7009 }, value: { lat: 10.7731, lng: 106.7009 } },
  share_contact: { tap: 'no', value: false },
};

async function toSummary(chat: WebChatClient): Promise<void> {
  const conv = await openFlow(booted, chat, { request: 'phản ánh rác thải đầu hẻm', flowId: 'phan-anh', consent: 'tap' });
  await answerUntilSummary(conv, REPORT, photo);
  expect(await chat.stepId()).toBe(REVIEW_STATE);
}

describe('web chat API around a procedure', () => {
  it('GET /api/sim/messages?after=0 returns every message sent, in order, with increasing seq', async () => {
    const chat = new WebChatClient(booted.app, 'api-history');
    await chat.start();
    await toSummary(chat);
    await chat.tap(chat.choice(/Xác nhận và nộp/));
    const code = TRACKING_CODE.exec(chat.allText())?.[0];
    expect(code).toBeDefined();

    const all = await chat.history(0);
    expect(all.map((m) => m.text)).toEqual(chat.received.map((r) => r.text));
    expect(all.map((m) => m.choices)).toEqual(chat.received.map((r) => r.choices));
    const seqs = all.map((m) => m.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(all[0]!.text).toMatch(/Một Cửa|thủ tục/);
    expect(all[all.length - 1]!.text).toContain(code!);

    // A page that has seen up to message k asks for the rest only.
    const k = Math.floor(all.length / 2);
    expect(await chat.history(all[k]!.seq)).toEqual(all.slice(k + 1));
    expect(await chat.history(all[all.length - 1]!.seq)).toEqual([]);
    // Another chat sees nothing of this one.
    expect(await new WebChatClient(booted.app, 'api-history-other').history(0)).toEqual([]);
  });

  it('two taps on "Xác nhận và nộp" sent at the same moment make one dossier', async () => {
    const chat = new WebChatClient(booted.app, 'api-double');
    await toSummary(chat);
    const confirm = chat.choice(/Xác nhận và nộp/);
    const [a, b] = await Promise.all([
      booted.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'api-double', choice: confirm } }),
      booted.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'api-double', choice: confirm } }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const texts = [a, b].map((r) => (r.json() as { replies: { text: string }[] }).replies.map((x) => x.text).join('\n'));
    const codes = texts.map((t) => TRACKING_CODE.exec(t)?.[0]);
    expect(codes[0]).toBeDefined();
    expect(codes[1]).toBe(codes[0]);
    expect(texts.filter((t) => /Đã nộp hồ sơ/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /đã được nộp rồi/.test(t))).toHaveLength(1);
    expect(await booted.app.store.dossiers.byChat('web:api-double')).toEqual([codes[0]]);
  });

  it('a retried request (same client message id) is processed once', async () => {
    const chat = new WebChatClient(booted.app, 'api-retry');
    await toSummary(chat);
    const confirm = chat.choice(/Xác nhận và nộp/);
    const first = await chat.post({ choice: confirm, id: 'confirm-1' });
    const code = TRACKING_CODE.exec(first.map((r) => r.text).join('\n'))?.[0];
    expect(code).toBeDefined();
    const before = (await chat.history(0)).length;
    const again = await chat.post({ choice: confirm, id: 'confirm-1' });
    expect(again).toEqual([]);
    expect((await chat.history(0)).length).toBe(before);
    expect(await booted.app.store.dossiers.byChat('web:api-retry')).toEqual([code]);
  });

  it('answers malformed requests with 400 and a code, and a non-image "photo" with an explanation', async () => {
    const chat = new WebChatClient(booted.app, 'api-bad');
    const conv = await openFlow(booted, chat, { request: 'phản ánh rác thải đầu hẻm', flowId: 'phan-anh', consent: 'tap' });
    await answerUntilSummary(conv, REPORT, photo, 'photos');
    expect((await chat.postBad({ photo: 'không phải base64!' })).code).toBe('PHOTO_INVALID');
    expect((await chat.postBad({ text: 'a', choice: 'b' })).code).toBe('BAD_REQUEST');
    // A PDF where a photo is expected: said why, same question again, nothing stored.
    await chat.photo(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n').toString('base64'));
    expect(chat.replies).toHaveLength(2);
    expect(chat.replies[0]!.text).toMatch(/PDF/);
    expect(chat.last().text).toMatch(/^Bạn vui lòng gửi ảnh chụp hiện trường/);
    expect(await chat.stepId()).toBe('photos');
    expect((await chat.session())?.flow?.state.context.draft).toEqual([]);
  });
});
