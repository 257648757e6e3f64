/**
 * @module Global commands typed as words, with or without diacritics or a slash: "quay lại",
 * "huy", "/help", "gap can bo", "tra cứu HS-7K2M-9QXD". A command is recognised only when it
 * is the whole message, give or take politeness ("hủy đi ạ", "cho tôi gặp cán bộ"), so an
 * answer that merely contains the word — the name "Huy Hoàng", a description "... bị hủy
 * hoại ..." — is never taken for one.
 */
import type { Locale } from '../channels/channel.ts';
import type { StepType } from '../flows/flow-schema.ts';
import { analyze } from './normalize.ts';
import { findTrackingCode } from './tracking-code.ts';

export type CommandName = 'help' | 'back' | 'cancel' | 'restart' | 'repeat' | 'skip' | 'done' | 'delete' | 'human' | 'menu' | 'supplement' | 'subscribe' | 'unsubscribe';

/** Same shape as the engine's `Command` (src/engine/language-understanding.ts). */
export type Command = { name: CommandName } | { name: 'language'; locale?: Locale } | { name: 'status'; code?: string };

export interface CommandContext {
  /**
   * The type of the step being answered. On a yes/no or choice step "không có" is an
   * answer, not "skip"; on a name step a bare unaccented "huy" is more likely the name Huy.
   */
  step?: StepType;
}

type Phrases = readonly string[];

// Written as citizens type them; compared folded after shorthand expansion, so "huỷ",
// "hủy" and "huy" are one phrase, and so are "quay lai" and "quay lại".
const COMMANDS: readonly [Command, Phrases][] = [
  [{ name: 'help' }, ['help', 'trợ giúp', 'giúp', 'giúp đỡ', 'hướng dẫn', 'giúp tôi', 'cứu', '?', 'tôi cần giúp', 'hướng dẫn sử dụng']],
  [{ name: 'menu' }, ['menu', 'danh sách thủ tục', 'các thủ tục', 'main menu', 'trang chủ']],
  [{ name: 'back' }, ['quay lại', 'trở lại', 'lui', 'lùi', 'lùi lại', 'lui lại', 'quay lại bước trước', 'câu trước', 'back', 'go back', 'previous', 'sửa câu trước', 'quay về']],
  [{ name: 'cancel' }, ['hủy', 'hủy bỏ', 'hủy hồ sơ', 'thôi', 'thôi không làm nữa', 'không làm nữa', 'dừng', 'dừng lại', 'cancel', 'stop', 'quit', 'thoát', 'hủy thủ tục']],
  [{ name: 'restart' }, ['làm lại', 'bắt đầu lại', 'làm lại từ đầu', 'khai lại từ đầu', 'restart', 'start over', 'start again']],
  [{ name: 'repeat' }, ['nhắc lại', 'hỏi lại', 'lặp lại', 'nói lại', 'câu hỏi là gì', 'repeat', 'say again', 'again']],
  [{ name: 'skip' }, ['bỏ qua', 'skip', 'next', 'không có', 'không biết']],
  [{ name: 'done' }, ['xong', 'xong rồi', 'hết rồi', 'đủ rồi', 'vậy thôi', 'thế thôi', 'gửi xong rồi', 'done', 'finished', "that's all", 'that is all']],
  [{ name: 'delete' }, ['xóa dữ liệu', 'xóa dữ liệu của tôi', 'xóa thông tin của tôi', 'xóa dữ liệu cá nhân', 'xóa hết dữ liệu', 'delete my data', 'delete data', 'erase my data']],
  [
    { name: 'human' },
    [
      'gặp cán bộ', 'nói chuyện với cán bộ', 'nói chuyện với người', 'nói chuyện với người thật', 'gặp người thật', 'gặp nhân viên', 'cán bộ',
      'human', 'talk to a human', 'agent', 'operator', 'real person', 'talk to someone', 'officer',
    ],
  ],
  [{ name: 'subscribe' }, ['đăng ký nhận tin', 'nhận tin', 'nhận tin tức', 'nhận thông báo', 'đăng ký nhận thông báo', 'đăng ký nhận tin tức', 'subscribe', 'get news', 'receive news']],
  [{ name: 'unsubscribe' }, ['hủy nhận tin', 'ngừng nhận tin', 'không nhận tin nữa', 'hủy đăng ký nhận tin', 'hủy nhận thông báo', 'ngừng nhận thông báo', 'unsubscribe', 'stop news']],
  [{ name: 'supplement' }, ['bổ sung', 'bổ sung hồ sơ', 'bổ sung giấy tờ', 'nộp bổ sung', 'gửi bổ sung', 'supplement', 'add missing documents']],
  [{ name: 'language', locale: 'en' }, ['english', 'tiếng anh', 'in english', 'english please', 'en']],
  [{ name: 'language', locale: 'vi' }, ['tiếng việt', 'vietnamese', 'việt', 'vi', 'tieng viet']],
  [{ name: 'language' }, ['language', 'ngôn ngữ', 'đổi ngôn ngữ', 'change language']],
  [{ name: 'status' }, ['tra cứu', 'tra cứu hồ sơ', 'kiểm tra hồ sơ', 'tình trạng hồ sơ', 'trạng thái hồ sơ', 'status', 'check status', 'track', 'mã hồ sơ']],
];

/** Slash commands, as Telegram menus send them ("/huy" too: people type the Vietnamese word). */
const SLASH: Record<string, Command> = {
  help: { name: 'help' },
  trogiup: { name: 'help' },
  menu: { name: 'menu' },
  back: { name: 'back' },
  quaylai: { name: 'back' },
  cancel: { name: 'cancel' },
  huy: { name: 'cancel' },
  restart: { name: 'restart' },
  lamlai: { name: 'restart' },
  repeat: { name: 'repeat' },
  skip: { name: 'skip' },
  boqua: { name: 'skip' },
  done: { name: 'done' },
  xong: { name: 'done' },
  delete: { name: 'delete' },
  xoadulieu: { name: 'delete' },
  human: { name: 'human' },
  canbo: { name: 'human' },
  status: { name: 'status' },
  tracuu: { name: 'status' },
  bosung: { name: 'supplement' },
  subscribe: { name: 'subscribe' },
  nhantin: { name: 'subscribe' },
  unsubscribe: { name: 'unsubscribe' },
  huynhantin: { name: 'unsubscribe' },
  supplement: { name: 'supplement' },
  en: { name: 'language', locale: 'en' },
  english: { name: 'language', locale: 'en' },
  vi: { name: 'language', locale: 'vi' },
  tiengviet: { name: 'language', locale: 'vi' },
  lang: { name: 'language' },
  language: { name: 'language' },
  ngonngu: { name: 'language' },
};

// Politeness that may surround a command without changing it.
const LEADING: Phrases = [
  'cho tôi', 'cho mình', 'cho em', 'cho tui', 'tôi muốn', 'mình muốn', 'em muốn', 'tui muốn', 'tôi cần', 'mình cần', 'em cần', 'xin', 'làm ơn',
  'vui lòng', 'bot ơi', 'admin ơi', 'ad ơi', 'ơi', 'please', 'i want to', 'i would like to', "i'd like to", 'let me', 'can i', 'i want', 'dạ', 'ok',
  'chuyển sang', 'chuyển qua', 'đổi sang', 'switch to', 'nói', 'dùng', 'muốn',
];
const TRAILING: Phrases = [
  'ạ', 'đi', 'giúp tôi', 'giúp mình', 'giúp em', 'giùm', 'dùm', 'giùm tôi', 'dùm tôi', 'với', 'nhé', 'nha', 'nhe', 'please', 'pls', 'plz',
  'luôn', 'đã', 'cái', 'now', 'thôi', 'nhé bạn', 'bạn', 'ad', 'admin', 'bot', 'giúp', 'được không', 'dc không', 'đi bạn',
];

const fold = (p: string): string => analyze(p).folded.join(' ');
const INDEX = new Map<string, Command>();
for (const [cmd, phrases] of COMMANDS) for (const p of phrases) if (!INDEX.has(fold(p))) INDEX.set(fold(p), cmd);
const LEAD = LEADING.map(fold).sort((a, b) => b.length - a.length);
const TRAIL = TRAILING.map(fold).sort((a, b) => b.length - a.length);

/** Commands that a bare unaccented word may also be an answer to: "huy" (name Huy), "lui". */
const NAME_LIKE = new Set(['huy', 'lui', 'thoi', 'tiep', 'xong', 'viet', 'vi', 'en', 'cuu']);

const SPACE = 32;

// `startsWith(p) && a space follows` is `startsWith(\`${p} \`)` without building a string per
// phrase per pass: this runs over every phrase for every text message.
function strip(words: string, list: readonly string[], at: 'start' | 'end'): string {
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of list) {
      if (at === 'start') {
        if (words.length > p.length && words.charCodeAt(p.length) === SPACE && words.startsWith(p)) {
          words = words.slice(p.length + 1);
          changed = true;
        }
      } else if (words.length > p.length && words.charCodeAt(words.length - p.length - 1) === SPACE && words.endsWith(p)) {
        words = words.slice(0, -p.length - 1);
        changed = true;
      }
    }
  }
  return words;
}

const STATUS_PHRASES = [...INDEX].filter(([, c]) => c.name === 'status').map(([p]) => p).sort((x, y) => y.length - x.length);

/** "tra cứu HS-0K2M-9QXD": a lookup with a code that cannot be one (a 0 for an O) is still a lookup. */
function mistypedCodeLookup(phrase: string): Command | undefined {
  const head = STATUS_PHRASES.find((p) => phrase.startsWith(`${p} `));
  if (!head) return undefined;
  const rest = phrase.slice(head.length + 1).split(' ');
  return rest.length <= 3 && rest.join('').length <= 12 && /\d/.test(rest.join('')) ? { name: 'status' } : undefined;
}

/** The command the whole message is, or null for an ordinary answer. */
export function matchCommand(text: string, ctx: CommandContext = {}): Command | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 80) return null;

  const slash = /^\/([a-z_]+)(?:@\w+)?(?:\s+(.*))?$/i.exec(trimmed);
  if (slash) {
    const cmd = SLASH[slash[1]!.toLowerCase()];
    if (!cmd) return null;
    if (cmd.name === 'status') {
      const code = slash[2] ? findTrackingCode(slash[2], { bare: true }) : undefined;
      return code ? { name: 'status', code } : { name: 'status' };
    }
    if (cmd.name === 'language' && !('locale' in cmd) && slash[2]) {
      const arg = slash[2].trim().toLowerCase();
      if (arg === 'en' || arg === 'vi') return { name: 'language', locale: arg };
    }
    return cmd;
  }
  if (trimmed === '?') return { name: 'help' };

  // A dossier code: "HS-7K2M-9QXD" is specific enough that a short message carrying it is
  // about that dossier ("hồ sơ HS-7K2M-9QXD sao rồi"); without "HS" only after "tra cứu".
  const code = findTrackingCode(trimmed);
  if (code) return trimmed.split(/\s+/).length <= 12 ? { name: 'status', code } : null;
  const bare = findTrackingCode(trimmed, { bare: true });
  if (bare) {
    const rest = fold(trimmed.replace(/[2-9a-hj-np-z]{4}[\s._-]?[2-9a-hj-np-z]{4}/giu, ' '));
    const phrase = strip(strip(rest, LEAD, 'start'), TRAIL, 'end');
    return INDEX.get(phrase)?.name === 'status' ? { name: 'status', code: bare } : null;
  }

  const a = analyze(trimmed);
  const whole = a.folded.join(' ');
  const phrase = strip(strip(whole, LEAD, 'start'), TRAIL, 'end');
  const cmd = INDEX.get(phrase) ?? INDEX.get(whole) ?? mistypedCodeLookup(phrase);
  if (!cmd) return null;
  if (cmd.name === 'skip' && phrase.startsWith('khong') && (ctx.step === 'yesno' || ctx.step === 'choice')) return null;
  // "Huy" typed alone on a name or text step: an answer, not "cancel".
  if ((ctx.step === 'name' || ctx.step === 'text') && a.folded.length === 1 && !a.marked && NAME_LIKE.has(phrase)) return null;
  return cmd;
}
