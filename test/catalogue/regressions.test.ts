/**
 * Defects found while scripting the catalogue conversations, each reproduced through the web
 * chat API at the exact step where a citizen met it, and fixed: these keep them fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, documentJpegBase64, WebChatClient, type BootedApp } from '../support/web-api-client.ts';
import { answerUntilSummary, expectUnderstood, notNfc, openFlow, REVIEW_STATE, TRACKING_CODE, type AnswerTable, type Conversation } from './driver.ts';

const NOW = new Date('2026-03-16T03:00:00Z'); // Monday 16 March 2026, 10:00 in Vietnam
const ward = (name: string) => expect.objectContaining({ ward: name });

const bug = it;

let booted: BootedApp;
let jpeg: string;
const photo = async (): Promise<string> => jpeg;
let chats = 0;

beforeAll(async () => {
  booted = await bootApp({ now: NOW });
  jpeg = await documentJpegBase64(640, 480, 10);
});
afterAll(() => booted?.close());

/** Opens `flowId` in a fresh chat and answers `table` until step `stop` is asked. */
async function at(flowId: string, request: string, table: AnswerTable, stop: string): Promise<Conversation> {
  const chat = new WebChatClient(booted.app, `bug-${++chats}`);
  const conv = await openFlow(booted, chat, { request, flowId, consent: 'tap' });
  await answerUntilSummary(conv, table, photo, stop);
  expect(await chat.stepId()).toBe(stop);
  return conv;
}

const KHAI_SINH_TO_ADDRESS: AnswerTable = {
  filer: { tap: 'self', value: 'self' },
  requester_relation: { tap: 'mother', value: 'mother' },
  requester_name: { say: 'Đặng Thị Hồng', value: 'Đặng Thị Hồng' },
  requester_cccd: { say: '079198004321', value: '079198004321' },
  requester_phone: { say: '0933111222', value: '+84933111222' },
};

const KHAI_SINH_TO_WITNESS: AnswerTable = {
  ...KHAI_SINH_TO_ADDRESS,
  family_address: { say: '12 Nguyễn Trãi, phường Bến Thành', value: ward('Phường Bến Thành') },
  child_name: { say: 'Võ Gia Bảo', value: 'Võ Gia Bảo' },
  child_dob: { say: '10/03/2026', value: '2026-03-10' },
  child_sex: { tap: 'male', value: 'male' },
  birth_place_type: { tap: 'home', value: 'home' },
  birth_address: { say: 'ấp 3, xã Bình Chánh', value: ward('Xã Bình Chánh') },
  has_birth_cert: { tap: 'no', value: false },
};

const KET_HON_TO_FILING_WARD: AnswerTable = {
  filer: { tap: 'self', value: 'self' },
  filer_side: { tap: 'bride', value: 'bride' },
  bride_name: { say: 'Lê Thị Ngọc Hân', value: 'Lê Thị Ngọc Hân' },
  bride_dob: { say: '21/09/1998', value: '1998-09-21' },
  bride_cccd: { say: '079198012345', value: '079198012345' },
  bride_residence: { say: '20 Trần Hưng Đạo, phường Cầu Ông Lãnh', value: ward('Phường Cầu Ông Lãnh') },
  groom_name: { say: 'Nguyễn Minh Quân', value: 'Nguyễn Minh Quân' },
  groom_dob: { say: '03/01/1996', value: '1996-01-03' },
  groom_cccd: { say: '079096054321', value: '079096054321' },
  groom_residence: { say: '8 Phan Đăng Lưu, phường Gia Định', value: ward('Phường Gia Định') },
};

const PHAN_ANH_TO_DESCRIPTION: AnswerTable = {
  filer: { tap: 'self', value: 'self' },
  category: { tap: 'noise', value: 'noise' },
};

const PHAN_ANH_TO_CONTACT: AnswerTable = {
  ...PHAN_ANH_TO_DESCRIPTION,
  description: { say: 'Nhà số 12 hát karaoke bằng loa kẹo kéo đến 23 giờ đêm.', value: 'Nhà số 12 hát karaoke bằng loa kẹo kéo đến 23 giờ đêm.' },
  occurrence: { tap: 'recurring', value: 'recurring' },
  photos: { photos: 1, finish: 'tap' },
  location: { location: { lat: 10.7731, lng: 106.7009 }, value: { lat: 10.7731, lng: 106.7009 } },
};

describe('found bugs (fail until fixed)', () => {
  bug('xac-nhan-hon-nhan: “cho mẹ tôi” (for my mother) at “for yourself or helping someone?” is taken as “for myself”', async () => {
    const conv = await at('xac-nhan-hon-nhan', 'làm giấy xác nhận tình trạng hôn nhân cho mẹ tôi', {}, 'filer');
    await expectUnderstood(conv, 'cho mẹ tôi', 'relative');
  });

  bug('ket-hon: the ward of registration typed as the question’s own example (“phường Gia Định, TP. Hồ Chí Minh”) is refused', async () => {
    const conv = await at('ket-hon', 'đăng ký kết hôn', KET_HON_TO_FILING_WARD, 'filing_ward');
    expect(conv.chat.last().text).toMatch(/Ví dụ: phường Gia Định, TP\. Hồ Chí Minh\./);
    await expectUnderstood(conv, 'phường Gia Định, TP. Hồ Chí Minh', ward('Phường Gia Định'));
  });

  bug('address: 13 Hồ Chí Minh City wards (Gò Vấp, Khánh Hội, Tân Bình…) are stored in decomposed Unicode, not NFC', async () => {
    const conv = await at('khai-sinh', 'làm giấy khai sinh cho con', KHAI_SINH_TO_ADDRESS, 'family_address');
    await conv.chat.text('9 Nguyễn Oanh, p10 go vap');
    const stored = (await conv.chat.session())?.flow?.state.context.answers.family_address as Record<string, string> | undefined;
    expect(stored?.ward?.normalize('NFC')).toBe('Phường Gò Vấp');
    expect(notNfc(stored), 'ward and text must be NFC, like every other answer').toEqual([]);
    expect(stored?.ward).toBe('Phường Gò Vấp');
  });

  bug('phan-anh: a description that mentions “bao lâu” is answered as a FAQ instead of being recorded', async () => {
    const conv = await at('phan-anh', 'phản ánh tiếng ồn karaoke', PHAN_ANH_TO_DESCRIPTION, 'description');
    const text = 'Karaoke hát đến 23 giờ mỗi đêm, đã phản ánh nhiều lần mà không biết bao lâu nữa mới được xử lý.';
    await expectUnderstood(conv, text, text);
  });

  bug('phan-anh: a description that mentions “ở đâu” is answered as a FAQ instead of being recorded', async () => {
    const conv = await at('phan-anh', 'phản ánh xây dựng không phép', { filer: { tap: 'self', value: 'self' }, category: { tap: 'construction', value: 'construction' } }, 'description');
    const text = 'Công trình xây dựng không phép ở đâu cũng thấy trong hẻm 12, xin cơ quan kiểm tra.';
    await expectUnderstood(conv, text, text);
  });

  bug('phan-anh: a typed location ends up as the dossier’s ward (free text where a ward name is expected)', async () => {
    const conv = await at('phan-anh', 'phản ánh tiếng ồn karaoke', PHAN_ANH_TO_CONTACT, 'share_contact');
    await conv.chat.tap('a:share_contact:no');
    expect(await conv.chat.stepId()).toBe(REVIEW_STATE);
    await conv.chat.text('sửa 6');
    await conv.chat.text('đầu hẻm 34 Nguyễn Trãi, phường Bến Thành');
    await conv.chat.tap(conv.chat.choice(/Xác nhận và nộp/));
    const code = TRACKING_CODE.exec(conv.chat.allText())?.[0];
    const d = await booted.app.store.dossiers.get(code!);
    expect(d?.answers.location).toEqual({ text: 'đầu hẻm 34 Nguyễn Trãi, phường Bến Thành' });
    // Either a ward name the office can route on, or nothing — not the whole typed place.
    expect(d?.ward === undefined || /^(Phường|Xã|Đặc khu) /.test(d.ward), `dossier.ward = ${JSON.stringify(d?.ward)}`).toBe(true);
  });

  describe('yes/no answers that echo the question’s verb are not understood', () => {
    bug('khai-sinh: “không có ai” (there is nobody) when asked whether there is a witness', async () => {
      const conv = await at('khai-sinh', 'sinh ở nhà không có giấy chứng sinh', KHAI_SINH_TO_WITNESS, 'has_witness');
      await expectUnderstood(conv, 'không có ai', false);
    });

    bug('phan-anh: “không muốn” (I don’t want to) when asked “có muốn để lại họ tên … không?”', async () => {
      const conv = await at('phan-anh', 'phản ánh tiếng ồn karaoke', PHAN_ANH_TO_CONTACT, 'share_contact');
      await expectUnderstood(conv, 'không muốn', false);
    });

    bug('ket-hon: “chúng tôi cam đoan” (we declare) when asked “Hai người cam đoan … phải không?”', async () => {
      const conv = await at(
        'ket-hon',
        'đăng ký kết hôn',
        {
          ...KET_HON_TO_FILING_WARD,
          groom_residence: { say: '5 Nguyễn Thái Học, phường Cầu Ông Lãnh', value: ward('Phường Cầu Ông Lãnh') },
          filing_ward: { say: 'UBND phường Cầu Ông Lãnh', value: ward('Phường Cầu Ông Lãnh') },
          both_reside_there: { tap: 'yes', value: true },
          preferred_date: { skip: 'tap' },
          contact_phone: { say: '0901234567', value: '+84901234567' },
        },
        'commitment',
      );
      await expectUnderstood(conv, 'chúng tôi cam đoan', true);
    });

    bug('cham-dut-hkd: “đã nộp đủ rồi” (all paid) when asked whether taxes are settled', async () => {
      const conv = await at(
        'cham-dut-hkd',
        'chấm dứt hkd',
        {
          filer: { tap: 'self', value: 'self' },
          owner_name: { say: 'Nguyễn Văn Phát', value: 'Nguyễn Văn Phát' },
          owner_cccd: { say: '079075004444', value: '079075004444' },
          contact_phone: { say: '0908777666', value: '+84908777666' },
          business_name: { say: 'Hộ kinh doanh Tạp Hóa Minh Phát', value: 'Hộ kinh doanh Tạp Hóa Minh Phát' },
          certificate_number: { say: '41A8012345', value: '41A8012345' },
          certificate_date: { skip: 'tap' },
          business_address: { say: '88 Lê Lợi, phường Bến Thành', value: ward('Phường Bến Thành') },
          stop_date: { say: '31/03/2026', value: '2026-03-31' },
          reason: { tap: 'not_profitable', value: 'not_profitable' },
        },
        'tax_settled',
      );
      await expectUnderstood(conv, 'đã nộp đủ rồi', true);
    });
  });

  bug('khai-tu: “hôm qua” (yesterday) is not understood as the date of death', async () => {
    const conv = await at(
      'khai-tu',
      'làm khai tử cho ông nội',
      {
        filer: { tap: 'self', value: 'self' },
        requester_relation: { tap: 'grandchild', value: 'grandchild' },
        requester_name: { say: 'Nguyễn Văn Bình', value: 'Nguyễn Văn Bình' },
        requester_cccd: { say: '079080001234', value: '079080001234' },
        requester_phone: { say: '0901234567', value: '+84901234567' },
        deceased_name: { say: 'Nguyễn Văn Sáu', value: 'Nguyễn Văn Sáu' },
        deceased_sex: { tap: 'male', value: 'male' },
        deceased_dob: { say: '12/08/1948', value: '1948-08-12' },
        deceased_cccd: { skip: 'tap' },
        deceased_residence: { say: '45/2 Lê Văn Sỹ, phường Nhiêu Lộc', value: ward('Phường Nhiêu Lộc') },
      },
      'death_date',
    );
    await expectUnderstood(conv, 'hôm qua', '2026-03-15');
  });

  bug('summary: “ok nộp đi” (ok, submit it) is not understood as confirming', async () => {
    const conv = await at('phan-anh', 'phản ánh tiếng ồn karaoke', { ...PHAN_ANH_TO_CONTACT, share_contact: { tap: 'no', value: false } }, REVIEW_STATE);
    await conv.chat.text('ok nộp đi');
    expect(conv.chat.allText(), conv.chat.dump(6)).toMatch(TRACKING_CODE);
  });

  bug('consent request: doubled punctuation (“nếu có..”, “thẩm quyền., và”) in every flow whose texts end with a period', async () => {
    const requests: Record<string, string> = {
      'khai-sinh': 'làm giấy khai sinh cho con',
      'khai-tu': 'làm giấy chứng tử cho mẹ',
      'ket-hon': 'dk ket hon',
      'xac-nhan-hon-nhan': 'xin giay xac nhan doc than',
      'dang-ky-hkd': 'đk hkd',
      'cham-dut-hkd': 'chấm dứt hkd',
      'phan-anh': 'phản ánh lấn chiếm vỉa hè',
    };
    const bad: string[] = [];
    for (const [flowId, request] of Object.entries(requests)) {
      const chat = new WebChatClient(booted.app, `bug-consent-${flowId}`);
      await chat.text(request);
      for (const line of chat.last().text.split('\n')) if (/\.\.(?!\.)|\.,/.test(line)) bad.push(`${flowId}: …${/.{0,30}\.[.,].{0,20}/.exec(line)?.[0]}…`);
    }
    expect(bad).toEqual([]);
  });

  bug('address questions show two different examples (“Ví dụ”): the step’s own and the field’s hint', async () => {
    const conv = await at('ket-hon', 'đăng ký kết hôn', { filer: { tap: 'self', value: 'self' }, filer_side: { tap: 'bride', value: 'bride' }, bride_name: { say: 'Lê Thị Ngọc Hân', value: 'Lê Thị Ngọc Hân' }, bride_dob: { say: '21/09/1998', value: '1998-09-21' }, bride_cccd: { say: '079198012345', value: '079198012345' } }, 'bride_residence');
    const question = conv.chat.last().text;
    expect(question.match(/Ví dụ/g), question).toHaveLength(1);
  });
});
