/**
 * @module A small thesaurus of what citizens talk about: many wordings, one concept
 * ("qua đời", "mất", "từ trần", "passed away" → death). The classifier gets the concept as an
 * extra feature, so a wording it never saw in training still points the right way. Concepts
 * are language knowledge, not procedures: which procedure a concept suggests is learnt
 * from the flows' examples.
 */
import { type Analysis } from './normalize.ts';
import { OUT_OF_SCOPE_TOPICS } from './out-of-scope-topics.ts';
import { PhraseMatcher, sameWord } from './phrase-matcher.ts';
import { findTrackingCode } from './tracking-code.ts';

const CONCEPTS: Record<string, readonly string[]> = {
  birth: [
    'mới sinh', 'vừa sinh', 'sinh con', 'sinh bé', 'sinh em bé', 'sinh được', 'sinh ra', 'mới đẻ', 'vừa đẻ', 'sinh đẻ', 'chào đời', 'em bé',
    'trẻ sơ sinh', 'sơ sinh', 'giấy chứng sinh', 'baby', 'newborn', 'born', 'birth', 'gave birth',
  ],
  death: [
    'qua đời', 'từ trần', 'tạ thế', 'chết', 'đã mất', 'vừa mất', 'mới mất', 'báo tử', 'chứng tử', 'đám tang', 'tang lễ', 'đám ma',
    'an táng', 'hỏa táng', 'died', 'death', 'passed away', 'deceased', 'funeral', 'dead',
  ],
  marriage: [
    'kết hôn', 'cưới', 'đám cưới', 'lấy vợ', 'lấy chồng', 'cưới vợ', 'cưới chồng', 'hôn thú', 'thành vợ chồng', 'marry', 'married',
    'marriage', 'wedding', 'get married', 'fiance', 'fiancee',
  ],
  single: [
    'độc thân', 'chưa kết hôn', 'chưa lập gia đình', 'chưa có vợ', 'chưa có chồng', 'chưa vợ', 'chưa chồng', 'tình trạng hôn nhân',
    'single', 'unmarried', 'marital status', 'not married', 'never married', 'no marriage',
  ],
  business: [
    'kinh doanh', 'buôn bán', 'bán hàng', 'mở quán', 'mở tiệm', 'mở cửa hàng', 'quán', 'tiệm', 'cửa hàng', 'sạp', 'hộ kinh doanh', 'hộ cá thể',
    'business', 'shop', 'store', 'stall', 'restaurant', 'cafe', 'coffee shop',
  ],
  close: [
    'chấm dứt', 'giải thể', 'đóng cửa', 'dẹp', 'nghỉ bán', 'ngừng kinh doanh', 'ngừng hoạt động', 'không bán nữa', 'không kinh doanh nữa',
    'không buôn bán nữa', 'nghỉ hẳn', 'nghỉ kinh doanh', 'trả lại giấy', 'hủy giấy phép', 'hủy đăng kí', 'thôi kinh doanh', 'close', 'closing',
    'shut down', 'terminate', 'cease', 'for good', 'permanently',
  ],
  complaint: [
    'phản ánh', 'kiến nghị', 'tố giác', 'vi phạm', 'lấn chiếm', 'xây lấn', 'lấn sang', 'lấn ra', 'vỉa hè', 'lề đường', 'lòng đường', 'rác', 'xả rác', 'đổ rác', 'rác thải',
    'xà bần', 'ô nhiễm', 'bốc mùi', 'hôi thối', 'ồn ào', 'tiếng ồn', 'ồn quá', 'rất ồn', 'ồn lắm', 'gây ồn', 'karaoke', 'loa', 'không phép', 'trái phép', 'đậu xe', 'chắn lối',
    'cản trở', 'ngập', 'cống rãnh', 'tắc cống', 'nắp cống', 'đèn đường', 'report', 'complain', 'complaint', 'noise', 'noisy', 'garbage', 'trash', 'rubbish', 'litter',
    'dumping', 'sidewalk', 'pavement', 'illegal', 'blocks', 'blocking', 'encroach',
  ],
  status: [
    'tra cứu', 'tiến độ', 'tình trạng hồ sơ', 'trạng thái', 'đến đâu rồi', 'tới đâu rồi', 'tới bước nào', 'đến bước nào', 'đã duyệt',
    'duyệt chưa', 'xong chưa', 'kết quả chưa', 'sao rồi', 'xử lí chưa', 'đã nộp', 'nộp rồi', 'mã hồ sơ', 'status', 'track', 'tracking',
    'progress', 'processed', 'approved',
  ],
  human: [
    'cán bộ', 'nhân viên', 'người thật', 'tổng đài', 'tổng đài viên', 'người phụ trách', 'trực tiếp', 'gặp người', 'nói chuyện với người',
    'gọi điện', 'gọi lại', 'human', 'real person', 'staff', 'officer', 'agent', 'operator',
  ],
  help: [
    'hướng dẫn', 'trợ giúp', 'hỗ trợ', 'menu', 'danh sách', 'dịch vụ', 'làm được gì', 'thủ tục nào', 'những thủ tục', 'xin chào', 'chào bạn', 'chào bot', 'chào admin', 'chào anh', 'chào chị', 'chào em',
    'hello', 'hi', 'help', 'what can you do', 'services', 'alo',
  ],
};

const matcher = new PhraseMatcher<string>([
  ...Object.entries(CONCEPTS).flatMap(([c, phrases]) => phrases.map((p) => [p, c] as const)),
  ...Object.entries(OUT_OF_SCOPE_TOPICS).flatMap(([topic, phrases]) => phrases.map((p) => [p, `oos:${topic}`] as const)),
]);

const KIN = ['bố', 'ba', 'cha', 'mẹ', 'má', 'ông', 'bà', 'chồng', 'vợ', 'anh', 'chị', 'em', 'con', 'cháu', 'cô', 'chú', 'bác', 'dì', 'cậu', 'nội', 'ngoại', 'thân', 'nhà'];
/** "mất" after these is losing something or taking time, not dying. */
const NOT_DEATH_BEFORE = ['bị', 'làm', 'đánh', 'cũng'];
const NOT_DEATH_AFTER = ['giấy', 'ví', 'xe', 'căn', 'hộ', 'bao', 'mấy', 'tiền', 'phí', 'thời', 'điện', 'sổ', 'bằng', 'hồ', 'nhiều', 'công', 'ngủ', 'điểm'];

/** "mẹ tôi mất", "ông ngoại em mất hôm qua": a relative within three words before "mất". */
function deathByMat(a: Analysis): boolean {
  for (let i = 1; i < a.tokens.length; i++) {
    if (!sameWord(a, i, 'mất')) continue;
    if (NOT_DEATH_BEFORE.some((w) => sameWord(a, i - 1, w))) continue;
    if (NOT_DEATH_AFTER.some((w) => sameWord(a, i + 1, w))) continue;
    for (let k = Math.max(0, i - 3); k < i; k++) if (KIN.some((w) => sameWord(a, k, w))) return true;
  }
  return false;
}

/**
 * Concept ids found in the text: `birth`, `death`, `marriage`, `single`, `business`, `close`,
 * `complaint`, `status`, `human`, `help`, `code` (a tracking code), `oos` and `oos:<topic>`.
 */
export function findConcepts(a: Analysis, raw: string): Set<string> {
  const found = matcher.tags(a);
  if (deathByMat(a)) found.add('death');
  if (findTrackingCode(raw)) found.add('code');
  for (const c of [...found]) if (c.startsWith('oos:')) found.add('oos');
  return found;
}
