/**
 * Chấm dứt hoạt động hộ kinh doanh through the web chat API: an owner closing an unprofitable
 * shop with taxes settled; an owner who cannot find the certificate number, closes for another
 * reason with taxes not settled and household members' minutes; a wife filing for her husband.
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
  jpeg = await documentJpegBase64(900, 600, 6);
});
afterAll(() => booted?.close());

function address(street: string, ward: string): { value: unknown; shows: string } {
  const text = `${street}, ${ward}, TP. Hồ Chí Minh`;
  return { value: { street, wardCode: anyCode, ward, province: HCMC, provinceCode: '79', text }, shows: text };
}

describe('cham-dut-hkd through the web chat API', () => {
  it('happy path: the owner closes an unprofitable shop, taxes settled', async () => {
    const answers: AnswerTable = {
      filer: { tap: 'self', value: 'self', ask: /^Bạn làm thủ tục chấm dứt cho hộ kinh doanh của chính mình/ },
      owner_name: { say: 'nguyễn văn phát', value: 'Nguyễn Văn Phát', ask: /^Họ và tên của bạn \(chủ hộ kinh doanh\)\?/ },
      owner_cccd: { say: '079075004444', value: '079075004444' },
      contact_phone: { say: '0908 777 666', value: '+84908777666', shows: '0908 777 666', ask: /^Số điện thoại liên hệ của bạn\?/ },
      business_name: { say: 'Hộ kinh doanh Tạp Hóa Minh Phát', value: 'Hộ kinh doanh Tạp Hóa Minh Phát' },
      certificate_number: { say: '41A8012345', value: '41A8012345', ask: /^Số Giấy chứng nhận đăng ký hộ kinh doanh/ },
      certificate_date: { say: '15/05/2018', value: '2018-05-15', shows: '15/05/2018' },
      business_address: {
        say: '58 Lê Văn Thọ, phường 11, quận Gò Vấp',
        ...address('58 Lê Văn Thọ', 'Phường Thông Tây Hội'),
        note: /Phường 11, quận Gò Vấp cũ nay thuộc phường Thông Tây Hội/,
      },
      stop_date: { say: '31/3/2026', value: '2026-03-31', shows: '31/03/2026', ask: /^Hộ kinh doanh chấm dứt hoạt động từ ngày nào\?/ },
      reason: { say: 'làm ăn thua lỗ', value: 'not_profitable', ask: /^Lý do chấm dứt hoạt động\?/ },
      tax_settled: { say: 'rồi', value: true, ask: /^Hộ kinh doanh đã hoàn thành nghĩa vụ thuế/ },
      tax_document: { photos: 1, finish: 'type' },
      family_registered: { say: 'không', value: false },
      certificate_photo: { photos: 1, finish: 'tap', ask: /^Nếu còn giữ Giấy chứng nhận đăng ký hộ kinh doanh/ },
    };
    const chat = new WebChatClient(booted.app, 'cd-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'chấm dứt hkd', flowId: 'cham-dut-hkd', consent: 'tap', answers, photo });
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Nguyễn Văn Phát', idNumber: '079075004444', phone: '+84908777666' },
      self: true,
      ward: 'Phường Thông Tây Hội',
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: certificate number not remembered, another reason, taxes not settled, household members’ minutes', async () => {
    const answers: AnswerTable = {
      filer: { say: 'tôi', value: 'self' },
      owner_name: { say: 'Phạm Thị Hạnh', value: 'Phạm Thị Hạnh' },
      owner_cccd: { say: '079178005555', value: '079178005555' },
      contact_phone: { say: '0939123123', value: '+84939123123', shows: '0939 123 123' },
      business_name: { say: 'Hộ kinh doanh Quần Áo Hạnh Phúc', value: 'Hộ kinh doanh Quần Áo Hạnh Phúc' },
      // The step's help says to type “không nhớ” when the number cannot be found.
      certificate_number: { say: 'không nhớ', value: 'không nhớ' },
      certificate_date: { skip: 'tap' },
      business_address: { say: '88 Lê Lợi, phường Bến Thành', ...address('88 Lê Lợi', 'Phường Bến Thành') },
      stop_date: { say: '01/02/2026', value: '2026-02-01', shows: '01/02/2026' },
      reason: { say: 'lý do khác', value: 'other' },
      reason_other: { say: 'chuyển sang chỉ bán trên sàn thương mại điện tử', value: 'chuyển sang chỉ bán trên sàn thương mại điện tử', ask: /^Bạn vui lòng ghi ngắn gọn lý do chấm dứt/ },
      tax_settled: { say: 'chưa', value: false },
      family_registered: { say: 'có', value: true },
      members_minutes: { photos: 1, finish: 'type', ask: /biên bản họp thành viên hộ gia đình/ },
      certificate_photo: { skip: 'type' },
    };
    const chat = new WebChatClient(booted.app, 'cd-other');
    const { conv, result } = await runScript(booted, chat, { request: 'nghỉ bán, đóng mã số thuế hộ kinh doanh', flowId: 'cham-dut-hkd', consent: 'dong y', answers, photo });
    expectPath(conv, [
      'filer', 'owner_name', 'owner_cccd', 'contact_phone', 'business_name', 'certificate_number', 'certificate_date', 'business_address', 'stop_date',
      'reason', 'reason_other', 'tax_settled', 'family_registered', 'members_minutes', 'certificate_photo',
    ]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Phạm Thị Hạnh', idNumber: '079178005555', phone: '+84939123123' },
      self: true,
      ward: 'Phường Bến Thành',
      now: NOW,
    });
  });

  it('on behalf: a wife files for her husband, the owner, with his authorisation', async () => {
    const answers: AnswerTable = {
      filer: { say: 'làm hộ', value: 'relative' },
      relationship: { say: 'vợ', value: 'spouse', ask: /^Bạn là gì của chủ hộ kinh doanh\?/ },
      submitter_name: { say: 'mai thị thanh', value: 'Mai Thị Thanh' },
      submitter_phone: { say: '0915 666 777', value: '+84915666777', shows: '0915 666 777' },
      authorization: { photos: 2, finish: 'type', ask: /cần văn bản ủy quyền của chủ hộ/ },
      owner_name: { say: 'hồ văn lực', value: 'Hồ Văn Lực', ask: /^Họ và tên của chủ hộ kinh doanh\?/ },
      owner_cccd: { say: '079070006666', value: '079070006666', ask: /^Số căn cước \(CCCD, 12 chữ số\) của chủ hộ\?/ },
      contact_phone: { say: '0915 000 111', value: '+84915000111', shows: '0915 000 111', ask: /^Số điện thoại liên hệ của chủ hộ/ },
      business_name: { say: 'Hộ kinh doanh Sửa Xe Lực', value: 'Hộ kinh doanh Sửa Xe Lực' },
      certificate_number: { say: '41K8001234', value: '41K8001234' },
      certificate_date: { skip: 'type' },
      business_address: { say: '220 Xô Viết Nghệ Tĩnh, phường Thạnh Mỹ Tây', ...address('220 Xô Viết Nghệ Tĩnh', 'Phường Thạnh Mỹ Tây') },
      stop_date: { say: '15/04/2026', value: '2026-04-15', shows: '15/04/2026' },
      reason: { say: 'sức khỏe yếu', value: 'health_family' },
      tax_settled: { tap: 'yes', value: true },
      tax_document: { skip: 'tap' },
      family_registered: { tap: 'no', value: false },
      certificate_photo: { photos: 2 },
    };
    const chat = new WebChatClient(booted.app, 'cd-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'làm hộ chồng thủ tục chấm dứt hộ kinh doanh', flowId: 'cham-dut-hkd', consent: 'tap', answers, photo });
    expect(conv.asked).toContain('authorization');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Hồ Văn Lực', idNumber: '079070006666', phone: '+84915000111' },
      self: false,
      relationship: 'spouse',
      ward: 'Phường Thạnh Mỹ Tây',
      now: NOW,
    });
  });
});
