/**
 * Đăng ký kết hôn through the web chat API: a bride whose couple lives in the ward of
 * registration; a groom whose bride lives in another ward (she needs a certificate of marital
 * status; his old Bình Thạnh address offers the new wards to pick from); a mother preparing the
 * file for her son.
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
  jpeg = await documentJpegBase64(700, 500, 3);
});
afterAll(() => booted?.close());

function address(street: string, ward: string): { value: unknown; shows: string } {
  const text = `${street}, ${ward}, TP. Hồ Chí Minh`;
  return { value: { street, wardCode: anyCode, ward, province: HCMC, provinceCode: '79', text }, shows: text };
}

describe('ket-hon through the web chat API', () => {
  it('happy path: the bride files; both live in the ward where they register', async () => {
    const answers: AnswerTable = {
      filer: { say: 'chúng tôi', value: 'self', ask: /^Bạn là một trong hai người đăng ký kết hôn, hay bạn đang giúp người thân/ },
      filer_side: { say: 'cô dâu', value: 'bride', ask: /^Bạn là bên nữ hay bên nam\?/ },
      bride_name: { say: 'lê thị ngọc hân', value: 'Lê Thị Ngọc Hân', ask: /^Họ và tên của bên nữ \(cô dâu\)\?/ },
      bride_dob: { say: '21/09/1998', value: '1998-09-21', shows: '21/09/1998', ask: /nữ phải từ đủ 18 tuổi/ },
      bride_cccd: { say: '079198012345', value: '079198012345' },
      bride_residence: { say: '20 Trần Hưng Đạo, phường Cầu Ông Lãnh', ...address('20 Trần Hưng Đạo', 'Phường Cầu Ông Lãnh') },
      groom_name: { say: 'Nguyễn Minh Quân', value: 'Nguyễn Minh Quân', ask: /^Họ và tên của bên nam \(chú rể\)\?/ },
      groom_dob: { say: '3/1/1996', value: '1996-01-03', shows: '03/01/1996', ask: /nam phải từ đủ 20 tuổi/ },
      groom_cccd: { say: '079 096 054 321', value: '079096054321' },
      groom_residence: { say: '5 Nguyễn Thái Học, phường Cầu Ông Lãnh', ...address('5 Nguyễn Thái Học', 'Phường Cầu Ông Lãnh') },
      filing_ward: { say: 'UBND phường Cầu Ông Lãnh', ...address('UBND', 'Phường Cầu Ông Lãnh'), ask: /^Hai người muốn đăng ký kết hôn tại Ủy ban nhân dân xã, phường nào\?/ },
      both_reside_there: { say: 'đúng rồi', value: true, ask: /^Cả hai người đều cư trú tại xã, phường này phải không\?/ },
      preferred_date: { say: '20/3/2026', value: '2026-03-20', shows: '20/03/2026' },
      contact_phone: { say: '0901 234 567', value: '+84901234567', shows: '0901 234 567', ask: /^Số điện thoại của bạn để cán bộ hẹn lịch ký\?/ },
      commitment: { tap: 'yes', value: true, ask: /^Hai người cam đoan việc kết hôn là tự nguyện/ },
    };
    const chat = new WebChatClient(booted.app, 'kh-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'dk ket hon', flowId: 'ket-hon', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('status_certificate');
    // Registration is never delegated: both must come to sign.
    expect(result.reply).toMatch(/Việc cần làm trực tiếp/);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Lê Thị Ngọc Hân', idNumber: '079198012345', phone: '+84901234567' },
      self: true,
      ward: 'Phường Cầu Ông Lãnh',
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: the groom files; the bride lives in another ward and sends her certificate of marital status', async () => {
    const answers: AnswerTable = {
      filer: { say: 'toi', value: 'self' },
      filer_side: { say: 'chu re', value: 'groom' },
      bride_name: { say: 'Trần Thị Bích Ngọc', value: 'Trần Thị Bích Ngọc' },
      bride_dob: { say: '05-06-2000', value: '2000-06-05', shows: '05/06/2000' },
      bride_cccd: { say: '079300067890', value: '079300067890' },
      bride_residence: { say: '20 tran hung dao, p cau ong lanh', ...address('20 tran hung dao', 'Phường Cầu Ông Lãnh') },
      groom_name: { say: 'đỗ hoàng nam', value: 'Đỗ Hoàng Nam' },
      groom_dob: { say: '12/12/1995', value: '1995-12-12', shows: '12/12/1995' },
      groom_cccd: { say: '079095001122', value: '079095001122' },
      // An old district: the bot offers the new wards it became, and the groom taps his.
      groom_residence: { say: '12 Phan Đăng Lưu, Bình Thạnh', pick: /^Phường Gia Định/, ...address('12 Phan Đăng Lưu', 'Phường Gia Định') },
      filing_ward: { say: 'nhà chú rể, 12 Phan Đăng Lưu, phường Gia Định', ...address('nhà chú rể, 12 Phan Đăng Lưu', 'Phường Gia Định') },
      both_reside_there: { say: 'không', value: false },
      status_certificate: { photos: 1, finish: 'tap', ask: /^Người không cư trú tại xã, phường nơi đăng ký cần Giấy xác nhận tình trạng hôn nhân/ },
      preferred_date: { skip: 'type' },
      contact_phone: { say: '0912345678', value: '+84912345678', shows: '0912 345 678' },
      commitment: { say: 'có', value: true },
    };
    const chat = new WebChatClient(booted.app, 'kh-elsewhere');
    const { conv, result } = await runScript(booted, chat, { request: 'muốn đăng ký kết hôn với bạn gái', flowId: 'ket-hon', consent: 'đồng ý', answers, photo, confirm: 'nộp đi' });
    expectPath(conv, [
      'filer', 'filer_side', 'bride_name', 'bride_dob', 'bride_cccd', 'bride_residence', 'groom_name', 'groom_dob', 'groom_cccd', 'groom_residence',
      'filing_ward', 'both_reside_there', 'status_certificate', 'preferred_date', 'contact_phone', 'commitment',
    ]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Trần Thị Bích Ngọc', idNumber: '079300067890', phone: '+84912345678' },
      self: true,
      ward: 'Phường Gia Định',
      now: NOW,
    });
  });

  it('on behalf: a mother prepares the file for her son, the groom', async () => {
    const answers: AnswerTable = {
      filer: { say: 'làm giúp', value: 'relative' },
      relationship: { say: 'mẹ', value: 'parent', ask: /^Bạn là gì của người cần đăng ký kết hôn mà bạn đang giúp\?/ },
      submitter_name: { say: 'võ thị tám', value: 'Võ Thị Tám', ask: /người đang giúp chuẩn bị hồ sơ/ },
      submitter_phone: { say: '0903 000 111', value: '+84903000111', shows: '0903 000 111' },
      filer_side: { say: 'bên nam', value: 'groom', ask: /^Người thân bạn đang giúp là bên nữ hay bên nam\?/ },
      bride_name: { say: 'Lâm Mỹ Linh', value: 'Lâm Mỹ Linh' },
      bride_dob: { say: '01/02/1999', value: '1999-02-01', shows: '01/02/1999' },
      bride_cccd: { say: '079199003344', value: '079199003344' },
      bride_residence: { say: '30 Nguyễn Văn Cừ, phường Chợ Quán', ...address('30 Nguyễn Văn Cừ', 'Phường Chợ Quán') },
      groom_name: { say: 'Võ Thành Đạt', value: 'Võ Thành Đạt' },
      groom_dob: { say: '15/08/1997', value: '1997-08-15', shows: '15/08/1997' },
      groom_cccd: { say: '079097005566', value: '079097005566' },
      groom_residence: { say: '32 Nguyễn Văn Cừ, phường Chợ Quán', ...address('32 Nguyễn Văn Cừ', 'Phường Chợ Quán') },
      filing_ward: { say: 'UBND phường Chợ Quán', ...address('UBND', 'Phường Chợ Quán') },
      both_reside_there: { tap: 'yes', value: true },
      preferred_date: { say: '30/03/2026', value: '2026-03-30', shows: '30/03/2026' },
      contact_phone: { say: '0938 765 432', value: '+84938765432', shows: '0938 765 432', ask: /^Số điện thoại của một trong hai người kết hôn để cán bộ hẹn lịch ký\?/ },
      commitment: { say: 'vâng', value: true },
    };
    const chat = new WebChatClient(booted.app, 'kh-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'con trai tôi sắp cưới, tôi chuẩn bị hồ sơ giúp', flowId: 'ket-hon', consent: 'tap', answers, photo });
    expect(conv.asked.filter((s) => s === 'authorization')).toEqual([]); // marriage registration cannot be delegated
    await expectDossier(conv, booted, result, {
      // The dossier names the bride as applicant whichever party is helped.
      applicant: { name: 'Lâm Mỹ Linh', idNumber: '079199003344', phone: '+84938765432' },
      self: false,
      relationship: 'parent',
      ward: 'Phường Chợ Quán',
      now: NOW,
    });
    expect(result.dossier.answers.submitter_name).toBe('Võ Thị Tám');
  });
});
