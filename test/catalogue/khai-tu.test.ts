/**
 * Đăng ký khai tử through the web chat API: a son registers his father's death in hospital;
 * a daughter registers late her mother's death at home (death outside a health facility);
 * a neighbour helps a widow, with a certified authorisation, after an accident.
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
  jpeg = await documentJpegBase64(800, 600, 2);
});
afterAll(() => booted?.close());

describe('khai-tu through the web chat API', () => {
  it('happy path: a son registers his father’s death in hospital, within 15 days', async () => {
    const answers: AnswerTable = {
      filer: { tap: 'self', value: 'self', ask: /^Xin chia buồn cùng gia đình\. Bạn tự đứng tên đi khai tử/ },
      requester_relation: { say: 'con trai', value: 'child', ask: /^Bạn là gì của người đã mất\?/ },
      requester_name: { say: 'nguyễn văn bình', value: 'Nguyễn Văn Bình', ask: /^Họ và tên của bạn\?/ },
      requester_cccd: { say: '079080001234', value: '079080001234' },
      requester_phone: { say: '0901234567', value: '+84901234567', shows: '0901 234 567' },
      deceased_name: { say: 'NGUYỄN VĂN SÁU', value: 'Nguyễn Văn Sáu', ask: /^Họ và tên của người đã mất\?/ },
      deceased_sex: { say: 'nam', value: 'male' },
      deceased_dob: { say: '12/08/1948', value: '1948-08-12', shows: '12/08/1948' },
      deceased_cccd: { say: '079 048 001 234', value: '079048001234' },
      deceased_residence: {
        say: '45/2 Lê Văn Sỹ, phường Nhiêu Lộc',
        value: { street: '45/2 Lê Văn Sỹ', wardCode: anyCode, ward: 'Phường Nhiêu Lộc', province: HCMC, provinceCode: '79', text: '45/2 Lê Văn Sỹ, Phường Nhiêu Lộc, TP. Hồ Chí Minh' },
        shows: '45/2 Lê Văn Sỹ, Phường Nhiêu Lộc, TP. Hồ Chí Minh',
        ask: /^Nơi cư trú cuối cùng của người đã mất/,
      },
      death_date: { say: '15/3/2026', value: '2026-03-15', shows: '15/03/2026', ask: /^Người thân mất vào ngày nào\?/ },
      death_time: { say: '14 giờ 30', value: '14 giờ 30' },
      death_place_type: { tap: 'facility', value: 'facility', ask: /^Người thân mất trong hoàn cảnh nào\?/ },
      death_facility: { say: 'Bệnh viện Chợ Rẫy, TP. Hồ Chí Minh', value: 'Bệnh viện Chợ Rẫy, TP. Hồ Chí Minh' },
      death_cause: { say: 'ung thư', value: 'illness' },
      death_notice_facility: { photos: 1, finish: 'type', ask: /Giấy báo tử do bệnh viện/ },
    };
    const chat = new WebChatClient(booted.app, 'kt-happy');
    const { conv, result, confirmValue } = await runScript(booted, chat, { request: 'bố tôi mới mất hôm qua, cần làm khai tử', flowId: 'khai-tu', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('late_registration');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Nguyễn Văn Bình', idNumber: '079080001234', phone: '+84901234567' },
      self: true,
      ward: 'Phường Nhiêu Lộc',
      now: NOW,
    });
    await expectDoubleTapIsIdempotent(conv, booted, result.code, confirmValue);
  });

  it('branch: death at home, registered late, death notice from the commune not yet issued', async () => {
    const answers: AnswerTable = {
      filer: { say: 'toi', value: 'self' },
      requester_relation: { say: 'con gái', value: 'child' },
      requester_name: { say: 'tran thi my', value: 'Tran Thi My' },
      requester_cccd: { say: '079185004567', value: '079185004567' },
      requester_phone: { say: '0283 823 4567', value: '+842838234567', shows: '028 3823 4567' },
      deceased_name: { say: 'Trần Thị Lựu', value: 'Trần Thị Lựu' },
      deceased_sex: { tap: 'female', value: 'female' },
      deceased_dob: { say: '02/01/1940', value: '1940-01-02', shows: '02/01/1940' },
      deceased_cccd: { skip: 'tap' },
      deceased_residence: {
        say: '58 Lê Văn Thọ, phường 11, quận Gò Vấp',
        value: { street: '58 Lê Văn Thọ', wardCode: anyCode, ward: 'Phường Thông Tây Hội', province: HCMC, provinceCode: '79', text: '58 Lê Văn Thọ, Phường Thông Tây Hội, TP. Hồ Chí Minh' },
        shows: '58 Lê Văn Thọ, Phường Thông Tây Hội, TP. Hồ Chí Minh',
        note: /Phường 11, quận Gò Vấp cũ nay thuộc phường Thông Tây Hội/,
      },
      death_date: { say: '20/02/2026', value: '2026-02-20', shows: '20/02/2026' },
      late_registration: { say: 'vâng', value: true, ask: /^Đã quá 15 ngày kể từ ngày mất nên đây là khai tử quá hạn/ },
      death_time: { skip: 'type' },
      death_place_type: { say: 'mất ở nhà', value: 'home' },
      death_address: {
        say: '58 Lê Văn Thọ, phường Thông Tây Hội',
        value: { street: '58 Lê Văn Thọ', wardCode: anyCode, ward: 'Phường Thông Tây Hội', province: HCMC, provinceCode: '79', text: '58 Lê Văn Thọ, Phường Thông Tây Hội, TP. Hồ Chí Minh' },
        shows: '58 Lê Văn Thọ, Phường Thông Tây Hội, TP. Hồ Chí Minh',
        ask: /^Địa chỉ nơi người thân mất/,
      },
      death_cause: { say: 'già yếu', value: 'old_age' },
      death_notice_commune: { skip: 'tap', ask: /^Mất tại nhà hoặc nơi khác thì Ủy ban nhân dân xã, phường nơi người thân mất cấp Giấy báo tử/ },
    };
    const chat = new WebChatClient(booted.app, 'kt-home');
    const { conv, result } = await runScript(booted, chat, { request: 'làm giấy chứng tử cho mẹ', flowId: 'khai-tu', consent: 'đồng ý', answers, photo });
    expectPath(conv, [
      'filer', 'requester_relation', 'requester_name', 'requester_cccd', 'requester_phone', 'deceased_name', 'deceased_sex', 'deceased_dob', 'deceased_cccd',
      'deceased_residence', 'death_date', 'late_registration', 'death_time', 'death_place_type', 'death_address', 'death_cause', 'death_notice_commune',
    ]);
    expect(result.dossier.photos).toEqual([]);
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Tran Thi My', idNumber: '079185004567', phone: '+842838234567' },
      self: true,
      ward: 'Phường Thông Tây Hội',
      now: NOW,
    });
  });

  it('on behalf: a neighbour helps a widow register her husband’s death after an accident, with an authorisation', async () => {
    const answers: AnswerTable = {
      filer: { say: 'giúp người khác', value: 'relative' },
      relationship: { say: 'hàng xóm', value: 'other', ask: /^Bạn là gì của người đứng tên đi khai tử\?/ },
      submitter_name: { say: 'Huỳnh Văn Tư', value: 'Huỳnh Văn Tư' },
      submitter_phone: { say: '0977 888 999', value: '+84977888999', shows: '0977 888 999' },
      authorization: { photos: 1, finish: 'type', ask: /^Vì bạn không phải là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người đứng tên, bạn cần văn bản ủy quyền có chứng thực/ },
      requester_relation: { say: 'vợ', value: 'spouse', ask: /^Người đứng tên đi khai tử là gì của người đã mất\?/ },
      requester_name: { say: 'lê thị mười', value: 'Lê Thị Mười', ask: /^Họ và tên của người đứng tên đi khai tử\?/ },
      requester_cccd: { say: '079155001234', value: '079155001234', ask: /^Số căn cước \(CCCD, 12 chữ số\) của người đứng tên đi khai tử\?/ },
      deceased_name: { say: 'Phạm Văn Chín', value: 'Phạm Văn Chín' },
      deceased_sex: { say: 'đàn ông', value: 'male' },
      deceased_dob: { say: '5/5/1950', value: '1950-05-05', shows: '05/05/1950' },
      deceased_cccd: { say: '079050007777', value: '079050007777' },
      deceased_residence: {
        say: '30 Nguyễn Văn Cừ, phường Chợ Quán, TP. Hồ Chí Minh',
        value: { street: '30 Nguyễn Văn Cừ', wardCode: anyCode, ward: 'Phường Chợ Quán', province: HCMC, provinceCode: '79', text: '30 Nguyễn Văn Cừ, Phường Chợ Quán, TP. Hồ Chí Minh' },
        shows: '30 Nguyễn Văn Cừ, Phường Chợ Quán, TP. Hồ Chí Minh',
      },
      death_date: { say: '08/03/2026', value: '2026-03-08', shows: '08/03/2026' },
      death_time: { say: 'khoảng 22 giờ', value: 'khoảng 22 giờ' },
      death_place_type: { say: 'tai nạn giao thông', value: 'accident' },
      death_address: {
        say: 'ngã tư Nguyễn Văn Cừ - Trần Hưng Đạo, p chợ quán',
        value: { street: 'ngã tư Nguyễn Văn Cừ - Trần Hưng Đạo', wardCode: anyCode, ward: 'Phường Chợ Quán', province: HCMC, provinceCode: '79', text: 'ngã tư Nguyễn Văn Cừ - Trần Hưng Đạo, Phường Chợ Quán, TP. Hồ Chí Minh' },
        shows: 'ngã tư Nguyễn Văn Cừ - Trần Hưng Đạo, Phường Chợ Quán, TP. Hồ Chí Minh',
      },
      death_cause: { tap: 'accident', value: 'accident' },
      police_confirmation: { photos: 2, finish: 'tap', ask: /xác nhận của cơ quan công an/ },
    };
    const chat = new WebChatClient(booted.app, 'kt-proxy');
    const { conv, result } = await runScript(booted, chat, { request: 'tôi giúp bà hàng xóm làm khai tử cho chồng bà', flowId: 'khai-tu', consent: 'tap', answers, photo });
    expect(conv.asked).not.toContain('requester_phone');
    expect(conv.asked).not.toContain('relationship_proof');
    await expectDossier(conv, booted, result, {
      applicant: { name: 'Lê Thị Mười', idNumber: '079155001234' },
      self: false,
      relationship: 'other',
      ward: 'Phường Chợ Quán',
      now: NOW,
    });
  });
});
