/**
 * @module How citizens shorten words in chat ("đk ks cho bé", "ko", "hs", "gpkd") and the
 * common misspellings worth fixing, expanded to full words before anything else reads the text.
 * Some shorthands mean different things by context ("đk" is "đăng ký" but "đk ko" is
 * "được không"; "kt hs" is "kiểm tra hồ sơ" but "đk kt" is "đăng ký khai tử"), so an entry
 * lists its readings in order and the first whose neighbours fit wins.
 */
import { canonicalSyllable } from './canonical-syllable.ts';
import { foldToken } from './fold.ts';

export interface Reading {
  /** The expansion, in ordinary spelling ("đăng ký"). */
  to: string;
  /** Applies only when the next token (folded) is one of these; `$` stands for the end of the message. */
  next?: readonly string[];
  /** Applies only when the previous token (folded) is one of these. */
  prev?: readonly string[];
}

/** Tokens after which "đk"/"dk" means "được" ("làm online đk không"). */
const AFTER_DUOC = ['khong', 'ko', 'k', 'kh', 'hong', 'hok', 'khum', 'hem', 'khg', 'kg', 'chua', 'nhe', 'nha', 'roi', 'r', 'a', '$'];
const ONE = (to: string): Reading[] => [{ to }];

/** Keys are lower-case tokens as typed (tones canonicalised); neighbours are compared folded. */
const TABLE: Record<string, Reading[]> = {
  // đăng ký / được
  'đk': [{ to: 'được', next: AFTER_DUOC }, { to: 'đăng ký' }],
  dk: [{ to: 'được', next: AFTER_DUOC }, { to: 'đăng ký' }],
  'đky': ONE('đăng ký'),
  dky: ONE('đăng ký'),
  'đc': ONE('được'),
  dc: ONE('được'),
  'đx': ONE('được'),
  // không
  ko: ONE('không'),
  k: ONE('không'),
  kh: [{ to: 'kết hôn', prev: ['dk', 'ki', 'ky'] }, { to: 'không' }],
  khg: ONE('không'),
  kg: ONE('không'),
  k0: ONE('không'),
  'kô': ONE('không'),
  hok: ONE('không'),
  hk: ONE('không'),
  khum: ONE('không'),
  hem: ONE('không'),
  'hông': [{ to: 'hôn', prev: ['ket'] }, { to: 'không' }],
  hong: [{ to: 'hồng', prev: ['so'] }, { to: 'hôn', prev: ['ket'] }, { to: 'không' }],
  // procedures and papers
  hs: ONE('hồ sơ'),
  kd: ONE('kinh doanh'),
  hkd: ONE('hộ kinh doanh'),
  'đkkd': ONE('đăng ký kinh doanh'),
  dkkd: ONE('đăng ký kinh doanh'),
  gpkd: ONE('giấy phép kinh doanh'),
  gcn: ONE('giấy chứng nhận'),
  gks: ONE('giấy khai sinh'),
  gcs: ONE('giấy chứng sinh'),
  gct: ONE('giấy chứng tử'),
  gbt: ONE('giấy báo tử'),
  ks: ONE('khai sinh'),
  kt: [{ to: 'kiểm tra', next: ['hs', 'ho', 'tt', 'tinh', 'lai', 'tien', '$'] }, { to: 'khai tử' }],
  xn: ONE('xác nhận'),
  tthn: ONE('tình trạng hôn nhân'),
  hn: [{ to: 'hôn nhân', prev: ['tt', 'trang', 'xn', 'nhan', 'than', 'giay'] }, { to: 'hà nội' }],
  tt: [{ to: 'tình trạng', next: ['hs', 'ho', 'hn', 'hon'] }, { to: 'thủ tục' }],
  cccd: ONE('căn cước công dân'),
  cmnd: ONE('chứng minh nhân dân'),
  cmt: ONE('chứng minh thư'),
  cmtnd: ONE('chứng minh nhân dân'),
  cc: ONE('căn cước'),
  ubnd: ONE('ủy ban nhân dân'),
  ub: ONE('ủy ban'),
  pakn: ONE('phản ánh kiến nghị'),
  pa: ONE('phản ánh'),
  gplx: ONE('giấy phép lái xe'),
  blx: ONE('bằng lái xe'),
  bhxh: ONE('bảo hiểm xã hội'),
  bhyt: ONE('bảo hiểm y tế'),
  kq: ONE('kết quả'),
  lp: ONE('lệ phí'),
  tg: ONE('thời gian'),
  ktra: ONE('kiểm tra'),
  ktr: ONE('kiểm tra'),
  cty: ONE('công ty'),
  bv: ONE('bệnh viện'),
  dv: ONE('dịch vụ'),
  dvc: ONE('dịch vụ công'),
  hd: ONE('hướng dẫn'),
  sdt: ONE('số điện thoại'),
  'sđt': ONE('số điện thoại'),
  dt: ONE('điện thoại'),
  'đt': ONE('điện thoại'),
  // places
  p: ONE('phường'),
  q: ONE('quận'),
  tp: ONE('thành phố'),
  tphcm: ONE('thành phố hồ chí minh'),
  hcm: ONE('hồ chí minh'),
  vn: ONE('việt nam'),
  'đg': ONE('đường'),
  dg: ONE('đường'),
  // question words
  bn: [{ to: 'bạn', next: ['oi'] }, { to: 'bạn', prev: ['on', 'voi', 'giup', 'cho'] }, { to: 'bao nhiêu' }],
  ntn: ONE('như thế nào'),
  j: ONE('gì'),
  z: ONE('vậy'),
  'zậy': ONE('vậy'),
  // people and chat teen-code
  vs: ONE('với'),
  ms: ONE('mới'),
  r: ONE('rồi'),
  mk: ONE('mình'),
  mik: ONE('mình'),
  mh: ONE('mình'),
  t: ONE('tôi'),
  e: ONE('em'),
  cj: ONE('chị'),
  ng: ONE('người'),
  ngta: ONE('người ta'),
  mn: ONE('mọi người'),
  ny: ONE('người yêu'),
  vk: ONE('vợ'),
  ck: ONE('chồng'),
  nc: ONE('nói chuyện'),
  ns: ONE('nói'),
  cb: ONE('cán bộ'),
  nv: ONE('nhân viên'),
  tv: ONE('tư vấn'),
  ad: ONE('admin'),
  lm: ONE('làm'),
  trc: ONE('trước'),
  hnay: ONE('hôm nay'),
  hqua: ONE('hôm qua'),
  bh: ONE('bây giờ'),
  bgio: ONE('bây giờ'),
  h: [{ to: 'giờ', prev: ['bay', 'may', 'bao'] }],
  cx: ONE('cũng'),
  cg: ONE('cũng'),
  bt: ONE('biết'),
  bik: ONE('biết'),
  'bít': ONE('biết'),
  'mún': ONE('muốn'),
  'hỉu': ONE('hiểu'),
  'nhìu': ONE('nhiều'),
  nhiu: [{ to: 'nhiêu', prev: ['bao'] }, { to: 'nhiều' }],
  thui: ONE('thôi'),
  tks: ONE('cảm ơn'),
  thks: ONE('cảm ơn'),
  oke: ONE('ok'),
  okie: ONE('ok'),
  oki: ONE('ok'),
  okela: ONE('ok'),
  'ừm': ONE('ừ'),
  uhm: ONE('ừ'),
  uh: ONE('ừ'),
  // common misspellings (tone and regional spellings) in the words this bot lives on
  'xinh': [{ to: 'sinh', prev: ['khai', 'moi', 'vua', 'chung'] }],
  'dấy': ONE('giấy'),
  'nhơn': [{ to: 'nhân', prev: ['hon'] }],
  'tữ': [{ to: 'tử', prev: ['khai', 'chung', 'bao'] }],
  'tự': [{ to: 'tử', prev: ['khai', 'chung', 'bao'] }],
  'từ': [{ to: 'tử', prev: ['khai', 'chung', 'bao'] }],
  'tứ': [{ to: 'tử', prev: ['khai', 'chung', 'bao'] }],
  'ảnh': [{ to: 'ánh', prev: ['phan'] }],
  'dức': [{ to: 'dứt', prev: ['cham'] }],
  'đứt': [{ to: 'dứt', prev: ['cham'] }],
  'tụt': [{ to: 'tục', prev: ['thu'] }],
  'xát': [{ to: 'xác', prev: ['giay'] }, { to: 'xác', next: ['nhan'] }],
  'hồn': [{ to: 'hôn', prev: ['ket'] }],
};

/** Parts that run together without spaces ("dkks", "xntthn", "đkkh"); read as a whole, "kh" means "kết hôn" here. */
const COMPOUND_PARTS: Record<string, string> = {
  dk: 'đăng ký',
  'đk': 'đăng ký',
  ks: 'khai sinh',
  kt: 'khai tử',
  kh: 'kết hôn',
  kd: 'kinh doanh',
  hkd: 'hộ kinh doanh',
  tthn: 'tình trạng hôn nhân',
  tt: 'tình trạng',
  hn: 'hôn nhân',
  xn: 'xác nhận',
  gp: 'giấy phép',
  gcn: 'giấy chứng nhận',
  gks: 'giấy khai sinh',
  cd: 'chấm dứt',
  hs: 'hồ sơ',
};

const canonical = (s: string): string => s.split(' ').map(canonicalSyllable).join(' ');
const READINGS = new Map<string, Reading[]>(
  Object.entries(TABLE).map(([k, v]) => [canonicalSyllable(k), v.map((r) => ({ ...r, to: canonical(r.to) }))]),
);
const PARTS = new Map<string, string>(Object.entries(COMPOUND_PARTS).map(([k, v]) => [k, canonical(v)]));

/** Vietnamese syllables always carry a vowel: a vowel-less run of letters is shorthand. */
const HAS_VOWEL = /[aăâeêioôơuưy]/;

/** "dkks" → "đăng ký khai sinh" when the whole token splits into known parts. */
function splitCompound(token: string): string | undefined {
  if (token.length < 4 || token.length > 12 || HAS_VOWEL.test(foldToken(token)) || !/^[a-zđ]+$/.test(token)) return undefined;
  const best: (string[] | undefined)[] = [[]];
  for (let i = 1; i <= token.length; i++) {
    for (let j = Math.max(0, i - 4); j < i; j++) {
      const head = best[j];
      const part = PARTS.get(token.slice(j, i));
      if (head && part && (!best[i] || best[i]!.length > head.length + 1)) best[i] = [...head, part];
    }
  }
  const parts = best[token.length];
  return parts && parts.length >= 2 ? parts.join(' ') : undefined;
}

/** Teen-code letters in otherwise Vietnamese words: "fí" → "phí", "jấy" → "giấy", "wá" → "quá". */
export function teenSpelling(token: string): string {
  if (token.length < 2 || token === foldToken(token)) return token;
  const head = token[0];
  if (head === 'f') return `ph${token.slice(1)}`;
  if (head === 'j') return `gi${token.slice(1)}`;
  if (head === 'w') return `qu${token.slice(1)}`;
  return token;
}

function fits(r: Reading, prev: string | undefined, next: string | undefined): boolean {
  if (r.prev && (prev === undefined || !r.prev.includes(prev))) return false;
  if (r.next && !r.next.includes(next ?? '$')) return false;
  return true;
}

/**
 * Expands shorthand tokens in place: `["đk", "ks", "cho", "bé"]` → `["đăng", "ký", "khai", "sinh", "cho", "bé"]`.
 * Tokens are lower-case and tone-canonical; "p7"/"q3" become "phường 7"/"quận 3".
 */
export function expandAbbreviations(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const prev = i > 0 ? foldToken(tokens[i - 1]!) : undefined;
    const next = i + 1 < tokens.length ? foldToken(tokens[i + 1]!) : undefined;
    const readings = READINGS.get(token);
    const reading = readings?.find((r) => fits(r, prev, next));
    if (reading) {
      out.push(...reading.to.split(' '));
      continue;
    }
    const place = /^([pq])(\d{1,2})$/.exec(token);
    if (place) {
      out.push(...(place[1] === 'p' ? ['phường'] : ['quận']), place[2]!);
      continue;
    }
    const compound = readings ? undefined : splitCompound(token);
    if (compound) out.push(...compound.split(' '));
    else out.push(token);
  }
  return out;
}
