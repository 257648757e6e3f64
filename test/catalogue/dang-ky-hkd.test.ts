/**
 * Đăng ký hộ kinh doanh through the web chat API: an owner opening a broken-rice eatery alone;
 * a grocery with several lines of business registered together with household members; a son
 * filing for his mother, with her written authorisation.
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
  jpeg = await documentJpegBase64(640, 480, 5);
});
afterAll(() => booted?.close());

function address(street: string, ward: string): { value: unknown; shows: string } {
  const text = `${street}, ${ward}, TP. Hồ Chí Minh`;
  return { value: { street, wardCode: anyCode, ward, province: HCMC, provinceCode: '79', text }, shows: text };
}

describe('dang-ky-hkd through the web chat API', () => {
  it('happy path: the owner registers an eatery alone, one line of business tapped', async () => {
    const answers: AnswerTable = {
      filer: { say: 'tôi là chủ hộ', value: 'self', ask: /^Bạn đăng ký hộ kinh doanh cho chính mình \(bạn là chủ hộ\), hay làm giúp người khác\?/ },
      owner_name: { say: 'huỳnh thị ba', value: 'Huỳnh Thị Ba', ask: /^Họ và tên của bạn \(chủ hộ kinh doanh\)\?/ },
      owner_sex: { tap: 'female', value: 'female' },
      owner_dob: { say: '10/10/1980', value: '1980-10-10', shows: '10/10/1980', ask: /chủ hộ phải từ đủ 18 tuổi/ },
      owner_cccd: { say: '079180123456', value: '079180123456' },
      owner_residence: { say: '220 Xô Viết Nghệ Tĩnh, phường Thạnh Mỹ Tây', ...address('220 Xô Viết Nghệ Tĩnh', 'Phường Thạnh Mỹ Tây'), ask: /^Nơi cư trú của bạn\?/ },
      business_name: { say: 'Hộ kinh doanh Cơm Tấm Cô Ba', value: 'Hộ kinh doanh Cơm Tấm Cô Ba', ask: /^Tên hộ kinh doanh bạn muốn đăng ký\?/ },
      business_address: {
        say: '56 Trần Hưng Đạo, phường Phạm Ngũ Lão, quận 1',
        ...address('56 Trần Hưng Đạo', 'Phường Bến Thành'),
        note: /Phường Phạm Ngũ Lão, quận 1 cũ nay thuộc phường Bến Thành/,
        ask: /^Địa chỉ nơi đặt hộ kinh doanh \(trụ sở\)\?/,
      },
      business_phone: { say: '0903 456 789', value: '+84903456789', shows: '0903 456 789' },
      business_email: { say: 'CoBa.ComTam@Gmail.com', value: 'CoBa.ComTam@gmail.com' },
      business_lines: { tap: 'food', value: ['food'], ask: /^Hộ kinh doanh sẽ kinh doanh những ngành nghề nào\?/ },
      capital: { say: '50 triệu', value: 50_000_000, shows: '50.000.000 đồng', ask: /^Tổng số vốn kinh doanh \(đồng\)\?/ },
      employees: { say: '3 người', value: 3, shows: '3 người' },
      family_members: { say: 'không', value: false, ask: /^Các thành viên khác trong gia đình có cùng đứng tên đăng ký/ },
    };
    const chat = new WebChatClient(booted.app, 'hkd-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'đk hkd', flowId: 'dang-ky-hkd', consent: 'tap', answers, photo });
    expect(result.dossier.photos).toEqual([]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Huỳnh Thị Ba', idNumber: '079180123456', phone: '+84903456789' },
      self: true,
      ward: 'Phường Bến Thành',
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: several lines of business (one described) and household members registering together', async () => {
    const answers: AnswerTable = {
      filer: { say: 'chủ hộ', value: 'self' },
      owner_name: { say: 'tran van binh', value: 'Tran Van Binh' },
      owner_sex: { say: 'nam', value: 'male' },
      owner_dob: { say: '12/4/1985', value: '1985-04-12', shows: '12/04/1985' },
      owner_cccd: { say: '079085001234', value: '079085001234' },
      owner_residence: { say: '15 Lê Thánh Tôn, phường Sài Gòn', ...address('15 Lê Thánh Tôn', 'Phường Sài Gòn') },
      business_name: { say: 'Hộ kinh doanh Tạp Hóa Minh Phát', value: 'Hộ kinh doanh Tạp Hóa Minh Phát' },
      business_address: { say: '17 Lê Thánh Tôn, phường Sài Gòn', ...address('17 Lê Thánh Tôn', 'Phường Sài Gòn') },
      business_phone: { say: '0283 822 1234', value: '+842838221234', shows: '028 3822 1234' },
      business_email: { skip: 'tap' },
      business_lines: { say: 'tạp hóa, cà phê và ngành khác', value: ['food', 'grocery', 'other'], shows: 'Ăn uống (quán ăn, cà phê, nước giải khát), Bán lẻ tạp hóa, thực phẩm, Ngành khác', ask: /Bạn có thể chọn nhiều ngành/ },
      business_lines_other: { say: 'in ấn, photocopy', value: 'in ấn, photocopy' },
      capital: { say: '1,5 tỷ', value: 1_500_000_000, shows: '1.500.000.000 đồng' },
      employees: { say: '5', value: 5, shows: '5 người' },
      family_members: { say: 'có', value: true },
      members_details: {
        say: 'Nguyễn Thị Mai, 03/03/1987, 079187002345\nTrần Văn Cường, 01/01/2000, 079200003456',
        value: 'Nguyễn Thị Mai, 03/03/1987, 079187002345\nTrần Văn Cường, 01/01/2000, 079200003456',
        shows: 'Nguyễn Thị Mai, 03/03/1987, 079187002345',
        ask: /^Họ tên, ngày sinh và số CCCD của từng thành viên cùng đăng ký, mỗi người một dòng/,
      },
      members_authorization: { photos: 2, finish: 'tap', ask: /ủy quyền của các thành viên hộ gia đình/ },
    };
    const chat = new WebChatClient(booted.app, 'hkd-members');
    const { conv, result } = await runScript(booted, chat, { request: 'mở tiệm tạp hóa cần đăng ký hộ kinh doanh', flowId: 'dang-ky-hkd', consent: 'co', answers, photo });
    expectPath(conv, [
      'filer', 'owner_name', 'owner_sex', 'owner_dob', 'owner_cccd', 'owner_residence', 'business_name', 'business_address', 'business_phone', 'business_email',
      'business_lines', 'business_lines_other', 'capital', 'employees', 'family_members', 'members_details', 'members_authorization',
    ]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Tran Van Binh', idNumber: '079085001234', phone: '+842838221234' },
      self: true,
      ward: 'Phường Sài Gòn',
      now: NOW,
    });
  });

  it('on behalf: a son files for his mother with her written authorisation', async () => {
    const answers: AnswerTable = {
      filer: { say: 'làm hộ', value: 'relative' },
      relationship: { say: 'con trai', value: 'child', ask: /^Bạn là gì của chủ hộ kinh doanh\?/ },
      submitter_name: { say: 'đinh quốc việt', value: 'Đinh Quốc Việt', ask: /người nộp hồ sơ thay chủ hộ/ },
      submitter_phone: { say: '0966 555 444', value: '+84966555444', shows: '0966 555 444' },
      authorization: { photos: 1, finish: 'type', ask: /^Người nộp thay chủ hộ \(kể cả người nhà\) cần văn bản ủy quyền của chủ hộ/ },
      owner_name: { say: 'lê thị sáu', value: 'Lê Thị Sáu', ask: /^Họ và tên của chủ hộ kinh doanh\?/ },
      owner_sex: { say: 'nữ', value: 'female', ask: /^Giới tính của chủ hộ\?/ },
      owner_dob: { say: '20/11/1962', value: '1962-11-20', shows: '20/11/1962', ask: /^Ngày sinh của chủ hộ\?/ },
      owner_cccd: { say: '079162000999', value: '079162000999', ask: /^Số căn cước \(CCCD, 12 chữ số\) của chủ hộ\?/ },
      owner_residence: { say: '88 Lê Lợi, phường Bến Thành', ...address('88 Lê Lợi', 'Phường Bến Thành'), ask: /^Nơi cư trú của chủ hộ\?/ },
      business_name: { say: 'Hộ kinh doanh Cà Phê Sáu Lê', value: 'Hộ kinh doanh Cà Phê Sáu Lê' },
      business_address: { say: '90 Lê Lợi, phường Bến Thành', ...address('90 Lê Lợi', 'Phường Bến Thành') },
      business_phone: { say: '0901 999 888', value: '+84901999888', shows: '0901 999 888' },
      business_email: { skip: 'type' },
      business_lines: { say: 'cà phê', value: ['food'] },
      capital: { say: '200.000.000', value: 200_000_000, shows: '200.000.000 đồng' },
      employees: { say: 'hai người', value: 2, shows: '2 người' },
      family_members: { tap: 'no', value: false },
    };
    const chat = new WebChatClient(booted.app, 'hkd-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'giúp mẹ đăng ký hộ kinh doanh bán cà phê', flowId: 'dang-ky-hkd', consent: 'tap', answers, photo });
    expect(conv.asked).toContain('authorization');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Lê Thị Sáu', idNumber: '079162000999', phone: '+84901999888' },
      self: false,
      relationship: 'child',
      ward: 'Phường Bến Thành',
      now: NOW,
    });
  });
});
