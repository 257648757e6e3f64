/**
 * Phản ánh hiện trường through the web chat API: a sidewalk encroachment reported with photos,
 * a location pin and contact details; an anonymous report of rubbish with a typed location;
 * a grandchild sending a noise complaint for his grandfather.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, documentJpegBase64, WebChatClient, type BootedApp } from '../support/web-api-client.ts';
import { expectDossier, expectDoubleTapIsIdempotent, expectPath, runScript, type AnswerTable } from './driver.ts';

const NOW = new Date('2026-03-16T03:00:00Z'); // Monday 16 March 2026, 10:00 in Vietnam

let booted: BootedApp;
let jpegs: string[];
let sent = 0;
// Scene photos differ from one another, as a phone's would.
const photo = async (): Promise<string> => jpegs[sent++ % jpegs.length]!;

beforeAll(async () => {
  booted = await bootApp({ now: NOW });
  jpegs = [await documentJpegBase64(1024, 768, 7), await documentJpegBase64(768, 1024, 8)];
});
afterAll(() => booted?.close());

const SIDEWALK = 'Quán nhậu số 25 Lê Lợi bày bàn ghế chiếm hết vỉa hè từ 17 giờ mỗi ngày, người đi bộ phải xuống lòng đường.';
const RUBBISH = 'Rác thải đổ đống ở đầu hẻm 34 gần một tuần chưa ai thu gom, bốc mùi hôi, ruồi nhặng nhiều.';
const NOISE = 'Nhà số 12 hát karaoke bằng loa kẹo kéo đến 23 giờ đêm, ông tôi lớn tuổi không ngủ được.';

describe('phan-anh through the web chat API', () => {
  it('happy path: sidewalk encroachment with photos, a location pin and contact details', async () => {
    const answers: AnswerTable = {
      filer: { tap: 'self', value: 'self', ask: /^Bạn tự gửi phản ánh, hay gửi giúp người khác/ },
      category: { say: 'lấn chiếm vỉa hè', value: 'sidewalk', ask: /^Bạn muốn phản ánh về việc gì\?/ },
      description: { say: SIDEWALK, value: SIDEWALK, ask: /^Bạn vui lòng mô tả sự việc/ },
      occurrence: { say: 'ngày nào cũng vậy', value: 'recurring' },
      photos: { photos: 2, finish: 'type', ask: /^Bạn vui lòng gửi ảnh chụp hiện trường \(từ 1 đến 5 ảnh\)/ },
      location: { location: { lat: 10.77311, lng: 106.70098 }, value: { lat: 10.77311, lng: 106.70098 }, shows: '10.77311, 106.70098', ask: /^Sự việc xảy ra ở đâu\?/ },
      share_contact: { say: 'có', value: true, ask: /^Bạn có muốn để lại họ tên và số điện thoại/ },
      reporter_name: { say: 'đoàn văn khoa', value: 'Đoàn Văn Khoa', ask: /^Họ và tên của bạn\?/ },
      reporter_phone: { say: '0912 000 999', value: '+84912000999', shows: '0912 000 999', ask: /^Số điện thoại của bạn\?/ },
    };
    const chat = new WebChatClient(booted.app, 'pa-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'phản ánh lấn chiếm vỉa hè', flowId: 'phan-anh', consent: 'tap', answers, photo });
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Đoàn Văn Khoa', phone: '+84912000999' },
      self: true,
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: an anonymous report of rubbish with the place typed instead of a pin', async () => {
    const answers: AnswerTable = {
      filer: { say: 'toi', value: 'self' },
      category: { say: 'rác', value: 'environment' },
      description: { say: RUBBISH, value: RUBBISH },
      occurrence: { say: 'đang diễn ra', value: 'now' },
      photos: { photos: 1, finish: 'tap' },
      location: { say: 'đầu hẻm 34 Nguyễn Trãi, phường Bến Thành', value: { text: 'đầu hẻm 34 Nguyễn Trãi, phường Bến Thành' }, shows: 'đầu hẻm 34 Nguyễn Trãi, phường Bến Thành' },
      share_contact: { say: 'không', value: false },
    };
    const chat = new WebChatClient(booted.app, 'pa-anonymous');
    const { conv, result } = await runScript(booted, chat, { request: 'rác thải bốc mùi đầu hẻm', flowId: 'phan-anh', consent: 'đồng ý', answers, photo, confirm: 'xác nhận' });
    expectPath(conv, ['filer', 'category', 'description', 'occurrence', 'photos', 'location', 'share_contact']);
    await expectDossier(conv, booted, result, { applicant: {}, self: true, now: NOW });
    expect(result.dossier.answers.reporter_name).toBeUndefined();
  });

  it('on behalf: a grandchild reports karaoke noise for his grandfather, who leaves his contact', async () => {
    const answers: AnswerTable = {
      filer: { say: 'gửi giúp', value: 'relative' },
      relationship: { say: 'cháu nội', value: 'grandchild', ask: /^Bạn là gì của người nhờ bạn gửi phản ánh\?/ },
      category: { say: 'karaoke', value: 'noise' },
      description: { say: NOISE, value: NOISE },
      occurrence: { say: 'mỗi tối', value: 'recurring' },
      photos: { photos: 1, finish: 'type' },
      location: { location: { lat: 10.8123, lng: 106.7123 }, value: { lat: 10.8123, lng: 106.7123 }, shows: '10.81230, 106.71230' },
      share_contact: { say: 'có', value: true, ask: /^Người nhờ bạn gửi có muốn để lại họ tên và số điện thoại/ },
      reporter_name: { say: 'tạ văn lộc', value: 'Tạ Văn Lộc', ask: /^Họ và tên của người nhờ bạn gửi phản ánh\?/ },
      reporter_phone: { say: '0283 999 8888', value: '+842839998888', shows: '028 3999 8888', ask: /^Số điện thoại liên hệ \(của người đó, hoặc của bạn\)\?/ },
    };
    const chat = new WebChatClient(booted.app, 'pa-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'phan anh giup ong noi ve tieng on karaoke', flowId: 'phan-anh', consent: 'tap', answers, photo });
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Tạ Văn Lộc', phone: '+842839998888' },
      self: false,
      relationship: 'grandchild',
      now: NOW,
    });
  });
});
