/**
 * Xác nhận tình trạng hôn nhân through the web chat API: a single man who needs it to marry a
 * foreign national; a divorced woman who lived in another province and is selling a house;
 * a son filing for his elderly widowed mother.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, documentJpegBase64, WebChatClient, type BootedApp } from '../support/web-api-client.ts';
import { expectDossier, expectDoubleTapIsIdempotent, expectPath, runScript, type AnswerTable } from './driver.ts';

const NOW = new Date('2026-03-16T03:00:00Z'); // Monday 16 March 2026, 10:00 in Vietnam
const HCMC = 'Thành phố Hồ Chí Minh';
const anyCode = expect.any(String);

let booted: BootedApp;
let jpeg: string;
const photo = async (): Promise<string> => jpeg;

beforeAll(async () => {
  booted = await bootApp({ now: NOW });
  jpeg = await documentJpegBase64(640, 800, 4);
});
afterAll(() => booted?.close());

function address(street: string, ward: string): { value: unknown; shows: string } {
  const text = `${street}, ${ward}, TP. Hồ Chí Minh`;
  return { value: { street, wardCode: anyCode, ward, province: HCMC, provinceCode: '79', text }, shows: text };
}

describe('xac-nhan-hon-nhan through the web chat API', () => {
  it('happy path: a single man needs the certificate to marry a Korean national', async () => {
    const answers: AnswerTable = {
      filer: { say: 'cho tôi', value: 'self', ask: /^Bạn xin xác nhận tình trạng hôn nhân cho chính mình hay giúp người khác\?/ },
      applicant_name: { say: 'phan thanh tùng', value: 'Phan Thanh Tùng', ask: /^Họ và tên của bạn\?/ },
      applicant_sex: { say: 'nam', value: 'male', ask: /^Giới tính của bạn\?/ },
      applicant_dob: { say: '15/06/1992', value: '1992-06-15', shows: '15/06/1992' },
      applicant_cccd: { say: '079092001234', value: '079092001234' },
      applicant_residence: { say: '30 Nguyễn Văn Cừ, phường Chợ Quán, TP. Hồ Chí Minh', ...address('30 Nguyễn Văn Cừ', 'Phường Chợ Quán'), ask: /^Nơi thường trú của bạn/ },
      applicant_phone: { say: '0909 123 456', value: '+84909123456', shows: '0909 123 456' },
      marital_status: { say: 'độc thân', value: 'never_married', ask: /^Tình trạng hôn nhân hiện nay của bạn\?/ },
      lived_elsewhere: { say: 'không', value: false },
      purpose: { say: 'de ket hon', value: 'marriage', ask: /^Giấy xác nhận dùng vào mục đích gì\?/ },
      partner_name: { say: 'kim ji-yeon', value: 'Kim Ji-Yeon' },
      partner_dob: { say: '2/2/1995', value: '1995-02-02', shows: '02/02/1995' },
      partner_nationality: { tap: 'other', value: 'other' },
      partner_nationality_other: { say: 'Hàn Quốc', value: 'Hàn Quốc' },
      partner_id: { say: 'M12345678', value: 'M12345678' },
      intended_place: { say: 'Ủy ban nhân dân phường Chợ Quán, TP. Hồ Chí Minh', value: 'Ủy ban nhân dân phường Chợ Quán, TP. Hồ Chí Minh' },
    };
    const chat = new WebChatClient(booted.app, 'xn-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'xin giay xac nhan doc than', flowId: 'xac-nhan-hon-nhan', consent: 'tap', answers, photo });
    expect(result.dossier.photos).toEqual([]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Phan Thanh Tùng', idNumber: '079092001234', phone: '+84909123456' },
      self: true,
      ward: 'Phường Chợ Quán',
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: a divorced woman, formerly resident in another province, needs it to sell a house', async () => {
    const answers: AnswerTable = {
      filer: { tap: 'self', value: 'self' },
      applicant_name: { say: 'Ngô Thị Kim Chi', value: 'Ngô Thị Kim Chi' },
      applicant_sex: { say: 'nu', value: 'female' },
      applicant_dob: { say: '07.07.1985', value: '1985-07-07', shows: '07/07/1985' },
      applicant_cccd: { say: '079185009876', value: '079185009876' },
      applicant_residence: { say: '88 Lê Lợi, phường Bến Thành', ...address('88 Lê Lợi', 'Phường Bến Thành') },
      applicant_phone: { say: '0977123456', value: '+84977123456', shows: '0977 123 456' },
      marital_status: { say: 'ly di roi', value: 'divorced' },
      divorce_document: { photos: 2, finish: 'type', ask: /^Bạn vui lòng gửi ảnh bản án hoặc quyết định ly hôn/ },
      lived_elsewhere: { say: 'có', value: true, ask: /^Trước đây bạn có từng thường trú ở xã, phường hoặc tỉnh khác không\?/ },
      previous_residences: { say: 'xã Tịnh Khê, tỉnh Quảng Ngãi, 2005–2015', value: 'xã Tịnh Khê, tỉnh Quảng Ngãi, 2005–2015' },
      purpose: { say: 'để bán nhà', value: 'property' },
    };
    const chat = new WebChatClient(booted.app, 'xn-divorced');
    const { conv, result } = await runScript(booted, chat, { request: 'xin xac nhan tinh trang hon nhan', flowId: 'xac-nhan-hon-nhan', consent: 'đồng ý', answers, photo });
    expectPath(conv, [
      'filer', 'applicant_name', 'applicant_sex', 'applicant_dob', 'applicant_cccd', 'applicant_residence', 'applicant_phone', 'marital_status',
      'divorce_document', 'lived_elsewhere', 'previous_residences', 'purpose',
    ]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Ngô Thị Kim Chi', idNumber: '079185009876', phone: '+84977123456' },
      self: true,
      ward: 'Phường Bến Thành',
      now: NOW,
    });
  });

  it('on behalf: a son files for his elderly widowed mother', async () => {
    const answers: AnswerTable = {
      filer: { say: 'giúp người khác', value: 'relative' },
      relationship: { say: 'con trai', value: 'child', ask: /^Bạn là gì của người cần xác nhận tình trạng hôn nhân\?/ },
      submitter_name: { say: 'lý văn hậu', value: 'Lý Văn Hậu' },
      submitter_phone: { say: '0918 222 333', value: '+84918222333', shows: '0918 222 333' },
      relationship_proof: { photos: 1, ask: /không cần văn bản ủy quyền, nhưng có thể được yêu cầu giấy tờ chứng minh quan hệ/ },
      applicant_name: { say: 'trương thị hai', value: 'Trương Thị Hai', ask: /^Họ và tên của người cần xác nhận tình trạng hôn nhân\?/ },
      applicant_sex: { say: 'nữ', value: 'female', ask: /^Giới tính của người cần xác nhận\?/ },
      applicant_dob: { say: '01/01/1950', value: '1950-01-01', shows: '01/01/1950', ask: /^Ngày sinh của người cần xác nhận\?/ },
      applicant_cccd: { say: '079150004321', value: '079150004321', ask: /^Số căn cước \(CCCD, 12 chữ số\) của người cần xác nhận\?/ },
      applicant_residence: { say: '12 Cô Giang, phường Cầu Ông Lãnh', ...address('12 Cô Giang', 'Phường Cầu Ông Lãnh'), ask: /^Nơi thường trú của người cần xác nhận/ },
      marital_status: { say: 'chồng mất rồi', value: 'widowed', ask: /^Tình trạng hôn nhân hiện nay của người cần xác nhận\?/ },
      spouse_death_document: { photos: 1, finish: 'tap' },
      lived_elsewhere: { say: 'ko', value: false, ask: /^Trước đây người cần xác nhận có từng thường trú/ },
      purpose: { say: '4', value: 'other' },
      purpose_other: { say: 'bổ sung hồ sơ hưởng chế độ tử tuất', value: 'bổ sung hồ sơ hưởng chế độ tử tuất' },
    };
    const chat = new WebChatClient(booted.app, 'xn-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'làm giấy xác nhận tình trạng hôn nhân cho mẹ tôi', flowId: 'xac-nhan-hon-nhan', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('applicant_phone');
    expect(conv.asked).not.toContain('authorization');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Trương Thị Hai', idNumber: '079150004321' },
      self: false,
      relationship: 'child',
      ward: 'Phường Cầu Ông Lãnh',
      now: NOW,
    });
  });
});
