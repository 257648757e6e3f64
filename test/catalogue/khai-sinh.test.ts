/**
 * Đăng ký khai sinh through the web chat API: a mother registering a newborn born in hospital;
 * a father registering late a child born at home, with a witness and unmarried parents; no
 * witness (undertaking) with the father recognising the child; and a grandmother helping her
 * daughter — the mother — as the registrant.
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
  jpeg = await documentJpegBase64();
});
afterAll(() => booted?.close());

describe('khai-sinh through the web chat API', () => {
  it('happy path: a mother registers her newborn, born in hospital, parents married', async () => {
    const answers: AnswerTable = {
      filer: { tap: 'self', value: 'self', ask: /^Bạn tự đứng tên đăng ký khai sinh cho bé, hay bạn đang giúp người khác/ },
      requester_relation: { say: 'mẹ', value: 'mother', ask: /^Bạn là gì của bé\?/ },
      requester_name: { say: 'nguyễn  thị LAN', value: 'Nguyễn Thị Lan', ask: /^Họ và tên của bạn\?/ },
      requester_cccd: { say: '079 190 001 234', value: '079190001234', ask: /^Số căn cước \(CCCD, 12 chữ số\) của bạn\?/ },
      requester_phone: { say: '0901.234.567', value: '+84901234567', shows: '0901 234 567' },
      family_address: {
        say: '12 Nguyễn Trãi, phường Bến Thành',
        value: { street: '12 Nguyễn Trãi', wardCode: anyCode, ward: 'Phường Bến Thành', province: HCMC, provinceCode: '79', text: '12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh' },
        shows: '12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh',
        ask: /^Địa chỉ nơi cư trú của cha hoặc mẹ bé/,
      },
      child_name: { say: 'nguyễn ngọc minh anh', value: 'Nguyễn Ngọc Minh Anh', ask: /^Họ, chữ đệm và tên của bé/ },
      child_dob: { say: '1/3/2026', value: '2026-03-01', shows: '01/03/2026', ask: /^Ngày sinh của bé\?/ },
      child_sex: { say: 'be gai', value: 'female', ask: /^Giới tính của bé\?/ },
      birth_place_type: { tap: 'facility', value: 'facility', ask: /^Bé được sinh ra ở đâu\?/ },
      birth_facility: { say: 'Bệnh viện Từ Dũ, TP. Hồ Chí Minh', value: 'Bệnh viện Từ Dũ, TP. Hồ Chí Minh' },
      has_birth_cert: { say: 'có', value: true, ask: /^Bạn có Giấy chứng sinh của bé/ },
      birth_cert_photo: { photos: 1, finish: 'type', ask: /^Bạn vui lòng chụp và gửi ảnh Giấy chứng sinh/ },
      child_ethnicity: { say: '1', value: 'kinh', ask: /^Dân tộc của bé\?/ },
      child_nationality: { say: 'viet nam', value: 'vn' },
      child_hometown: { say: 'xã Nghi Lộc, tỉnh Nghệ An', value: 'xã Nghi Lộc, tỉnh Nghệ An' },
      mother_name: { say: 'Nguyễn Thị Lan', value: 'Nguyễn Thị Lan', ask: /^Họ và tên của mẹ bé\?/ },
      mother_cccd: { say: '079190001234', value: '079190001234' },
      parents_married: { say: 'rồi', value: true, ask: /^Cha và mẹ của bé đã đăng ký kết hôn chưa\?/ },
      marriage_cert_photo: { photos: 2 },
      father_name: { say: 'trần văn hùng', value: 'Trần Văn Hùng' },
      father_cccd: { skip: 'tap' },
    };
    const chat = new WebChatClient(booted.app, 'ks-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'làm giấy khai sinh cho con', flowId: 'khai-sinh', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('late_registration');
    expect(conv.summary).toContain('Họ tên của bé: Nguyễn Ngọc Minh Anh');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Nguyễn Thị Lan', idNumber: '079190001234', phone: '+84901234567' },
      self: true,
      ward: 'Phường Bến Thành',
      now: NOW,
    });
    // The birth is 15 days old: free, registered on time.
    expect(result.reply).toMatch(/Miễn lệ phí nếu đăng ký trong thời hạn 60 ngày/);
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: late registration of a child born at home, witness statement, parents not married', async () => {
    const answers: AnswerTable = {
      filer: { say: 'tự làm', value: 'self' },
      requester_relation: { say: 'bo', value: 'father' },
      requester_name: { say: 'le van tam', value: 'Le Van Tam' },
      requester_cccd: { say: '079090001234', value: '079090001234' },
      requester_phone: { say: '+84 912 345 678', value: '+84912345678', shows: '0912 345 678' },
      family_address: {
        say: 'so 5 hem 34 duong so 7, phuong 11 quan go vap',
        value: { street: 'so 5 hem 34 duong so 7', wardCode: anyCode, ward: 'Phường Thông Tây Hội', province: HCMC, provinceCode: '79', text: 'so 5 hem 34 duong so 7, Phường Thông Tây Hội, TP. Hồ Chí Minh' },
        shows: 'so 5 hem 34 duong so 7, Phường Thông Tây Hội, TP. Hồ Chí Minh',
        note: /Phường 11, quận Gò Vấp cũ nay thuộc phường Thông Tây Hội/,
      },
      child_name: { say: 'lê minh khang', value: 'Lê Minh Khang' },
      child_dob: { say: '15-11-2025', value: '2025-11-15', shows: '15/11/2025' },
      late_registration: { say: 'đồng ý', value: true, ask: /^Bé đã sinh được hơn 60 ngày nên đây là đăng ký khai sinh quá hạn/ },
      child_sex: { tap: 'male', value: 'male' },
      birth_place_type: { say: 'sinh o nha', value: 'home' },
      birth_address: {
        say: 'ấp 3, xã Bình Chánh',
        value: { street: 'ấp 3', wardCode: anyCode, ward: 'Xã Bình Chánh', province: HCMC, provinceCode: '79', text: 'ấp 3, Xã Bình Chánh, TP. Hồ Chí Minh' },
        shows: 'ấp 3, Xã Bình Chánh, TP. Hồ Chí Minh',
        ask: /^Địa chỉ nơi bé sinh ra/,
      },
      has_birth_cert: { say: 'không', value: false },
      has_witness: { tap: 'yes', value: true, ask: /^Không có Giấy chứng sinh thì cần văn bản của người làm chứng/ },
      witness_statement: { photos: 1, finish: 'tap', ask: /ảnh văn bản của người làm chứng/ },
      child_ethnicity: { say: 'kinh', value: 'kinh' },
      child_nationality: { tap: 'vn', value: 'vn' },
      child_hometown: { say: 'huyện Củ Chi, TP. Hồ Chí Minh', value: 'huyện Củ Chi, TP. Hồ Chí Minh' },
      mother_name: { say: 'nguyễn thị hoa', value: 'Nguyễn Thị Hoa' },
      mother_cccd: { skip: 'type' },
      parents_married: { say: 'chưa', value: false },
      father_recognition: { say: 'ko', value: false, ask: /^Khi cha mẹ chưa đăng ký kết hôn, muốn ghi tên cha/ },
    };
    const chat = new WebChatClient(booted.app, 'ks-branch');
    const { conv, result } = await runScript(booted, chat, { request: 'bé nhà em sinh ở nhà, giờ mới đi làm khai sinh', flowId: 'khai-sinh', consent: 'dong y', answers, photo, confirm: 'xác nhận' });
    expectPath(conv, [
      'filer', 'requester_relation', 'requester_name', 'requester_cccd', 'requester_phone', 'family_address', 'child_name', 'child_dob', 'late_registration',
      'child_sex', 'birth_place_type', 'birth_address', 'has_birth_cert', 'has_witness', 'witness_statement', 'child_ethnicity', 'child_nationality',
      'child_hometown', 'mother_name', 'mother_cccd', 'parents_married', 'father_recognition',
    ]);
    expect(conv.summary).not.toMatch(/Họ tên cha/);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Le Van Tam', idNumber: '079090001234', phone: '+84912345678' },
      self: true,
      ward: 'Phường Thông Tây Hội',
      now: NOW,
    });
  });

  it('branch: no witness (written undertaking) and the father recognises the child at the same time', async () => {
    const answers: AnswerTable = {
      filer: { say: '1', value: 'self' },
      requester_relation: { say: 'má', value: 'mother' },
      requester_name: { say: 'Đặng Thị Hồng', value: 'Đặng Thị Hồng' },
      requester_cccd: { say: '079198004321', value: '079198004321' },
      requester_phone: { say: '0933 111 222', value: '+84933111222', shows: '0933 111 222' },
      family_address: {
        say: '20 tran hung dao, p cau ong lanh',
        value: { street: '20 tran hung dao', wardCode: anyCode, ward: 'Phường Cầu Ông Lãnh', province: HCMC, provinceCode: '79', text: '20 tran hung dao, Phường Cầu Ông Lãnh, TP. Hồ Chí Minh' },
        shows: '20 tran hung dao, Phường Cầu Ông Lãnh, TP. Hồ Chí Minh',
      },
      child_name: { say: 'Võ Gia Bảo', value: 'Võ Gia Bảo' },
      child_dob: { say: '10/03/2026', value: '2026-03-10', shows: '10/03/2026' },
      child_sex: { say: 'trai', value: 'male' },
      birth_place_type: { say: 'trên đường đi', value: 'elsewhere' },
      birth_address: {
        say: 'trên xe taxi đường Nguyễn Văn Cừ, phường Chợ Quán',
        value: { street: 'trên xe taxi đường Nguyễn Văn Cừ', wardCode: anyCode, ward: 'Phường Chợ Quán', province: HCMC, provinceCode: '79', text: 'trên xe taxi đường Nguyễn Văn Cừ, Phường Chợ Quán, TP. Hồ Chí Minh' },
        shows: 'trên xe taxi đường Nguyễn Văn Cừ, Phường Chợ Quán, TP. Hồ Chí Minh',
      },
      has_birth_cert: { tap: 'no', value: false },
      has_witness: { say: 'không', value: false },
      birth_undertaking: { photos: 1, ask: /giấy cam đoan về việc sinh/ },
      child_ethnicity: { tap: 'kinh', value: 'kinh' },
      child_nationality: { say: 'vn', value: 'vn' },
      child_hometown: { say: 'tỉnh Bình Định', value: 'tỉnh Bình Định' },
      mother_name: { say: 'Đặng Thị Hồng', value: 'Đặng Thị Hồng' },
      mother_cccd: { say: '079198004321', value: '079198004321' },
      parents_married: { tap: 'no', value: false },
      father_recognition: { say: 'có', value: true },
      father_name: { say: 'võ văn toàn', value: 'Võ Văn Toàn' },
      father_cccd: { say: '079095006789', value: '079095006789' },
      paternity_evidence: { skip: 'tap', ask: /giấy tờ chứng minh quan hệ cha con/ },
    };
    const chat = new WebChatClient(booted.app, 'ks-undertaking');
    const { conv, result } = await runScript(booted, chat, { request: 'sinh con ngoài đường không có giấy chứng sinh, làm khai sinh thế nào', flowId: 'khai-sinh', consent: 'tap', answers, photo });
    expect(conv.asked).toContain('birth_undertaking');
    expect(conv.asked).not.toContain('witness_statement');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Đặng Thị Hồng', idNumber: '079198004321', phone: '+84933111222' },
      self: true,
      ward: 'Phường Cầu Ông Lãnh',
      now: NOW,
    });
  });

  it('on behalf: a grandmother files for her daughter, the mother, who stands as registrant', async () => {
    const answers: AnswerTable = {
      filer: { say: 'làm giúp con gái', value: 'relative' },
      relationship: { say: 'mẹ', value: 'parent', ask: /^Bạn là gì của người đứng tên đăng ký khai sinh\?/ },
      submitter_name: { say: 'phạm thị bảy', value: 'Phạm Thị Bảy', ask: /họ và tên của bạn \(người đang giúp làm thủ tục\)/ },
      submitter_phone: { say: '0987654321', value: '+84987654321', shows: '0987 654 321' },
      relationship_proof: { skip: 'tap', ask: /không cần văn bản ủy quyền/ },
      requester_relation: { say: 'mẹ bé', value: 'mother', ask: /^Người đứng tên đăng ký là gì của bé\?/ },
      requester_name: { say: 'trần thị thu', value: 'Trần Thị Thu', ask: /^Họ và tên của người đứng tên đăng ký khai sinh\?/ },
      requester_cccd: { say: '079195001234', value: '079195001234', ask: /của người đứng tên đăng ký\?/ },
      family_address: {
        say: '8 Phan Đăng Lưu, phường Gia Định',
        value: { street: '8 Phan Đăng Lưu', wardCode: anyCode, ward: 'Phường Gia Định', province: HCMC, provinceCode: '79', text: '8 Phan Đăng Lưu, Phường Gia Định, TP. Hồ Chí Minh' },
        shows: '8 Phan Đăng Lưu, Phường Gia Định, TP. Hồ Chí Minh',
      },
      child_name: { say: 'Phan Thu Hà', value: 'Phan Thu Hà' },
      child_dob: { say: '20/02/2026', value: '2026-02-20', shows: '20/02/2026' },
      child_sex: { say: 'nữ', value: 'female' },
      birth_place_type: { say: 'benh vien', value: 'facility' },
      birth_facility: { say: 'Bệnh viện Hùng Vương', value: 'Bệnh viện Hùng Vương' },
      has_birth_cert: { say: 'co', value: true, ask: /^Người đứng tên có Giấy chứng sinh của bé/ },
      birth_cert_photo: { photos: 2 },
      child_ethnicity: { say: 'kinh', value: 'kinh' },
      child_nationality: { say: 'việt nam', value: 'vn' },
      child_hometown: { say: 'tỉnh Quảng Nam', value: 'tỉnh Quảng Nam' },
      mother_name: { say: 'Trần Thị Thu', value: 'Trần Thị Thu' },
      mother_cccd: { say: '079195001234', value: '079195001234' },
      parents_married: { say: 'có', value: true },
      marriage_cert_photo: { skip: 'type' },
      father_name: { say: 'Phan Văn Đức', value: 'Phan Văn Đức' },
      father_cccd: { say: '079093002345', value: '079093002345' },
    };
    const chat = new WebChatClient(booted.app, 'ks-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'bà ngoại muốn làm khai sinh giúp con gái cho cháu', flowId: 'khai-sinh', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('requester_phone');
    expect(conv.asked).not.toContain('authorization');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Trần Thị Thu', idNumber: '079195001234' },
      self: false,
      relationship: 'parent',
      ward: 'Phường Gia Định',
      now: NOW,
    });
    expect(result.dossier.answers.submitter_name).toBe('Phạm Thị Bảy');
  });
});
