/**
 * @module Yes or no, in every way citizens say it: "có", "co", "ừ", "uh", "dạ", "vâng", "ok",
 * "đúng rồi", "đồng ý", "yes" / "không", "ko", "k", "hông", "chưa", "sai", "no". Politeness
 * around the answer is dropped ("dạ có ạ", "không nhé"), and a leading "dạ"/"vâng" is only
 * politeness when something follows: "dạ không" is no. Anything else is not an answer (null).
 */
import { analyze } from './normalize.ts';

// Phrases are compared folded, after shorthand expansion ("ko" → "không" → "khong").
const YES = new Set([
  'co', 'u', 'um', 'uhm', 'da', 'vang', 'ok', 'dung', 'dung roi', 'dong y', 'roi', 'duoc', 'phai', 'phai roi', 'chuan', 'chinh xac', 'co chu',
  'tat nhien', 'chac chan', 'chac chan roi', 'dung vay', 'dung the', 'co a', 'yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'of course', 'correct',
  'right', 'agree', 'i agree', 'okay', 'yes please', 'vang a', 'da vang', 'da co', 'da dung', 'da phai', 'xac nhan', 'confirm', 'co luon',
]);
const NO = new Set([
  'khong', 'chua', 'sai', 'khong dong y', 'khong phai', 'khong co', 'khong can', 'chua co', 'chua can', 'khoi', 'thoi khoi', 'khong dung',
  'sai roi', 'khong he', 'chua bao gio', 'no', 'n', 'nope', 'nah', 'not really', 'no thanks', 'no thank you', 'disagree', 'incorrect', 'wrong',
  'never', 'chua a',
]);
/** Said around an answer without changing it. */
const FILLER = new Set(['a', 'nhe', 'nha', 'nhen', 'ne', 'do', 'oi', 'ad', 'admin', 'bot', 'ban', 'em', 'anh', 'chi', 'minh', 'toi', 'please', 'luon', 'vay']);
/** Hedges: "không biết", "có lẽ", "chắc vậy" are not an answer. */
const UNSURE = ['khong biet', 'khong ro', 'khong chac', 'chua biet', 'chua ro', 'co le', 'chac vay', 'maybe', 'not sure', 'dont know', 'don t know', 'khong nho'];
const POLITE_HEAD = new Set(['da', 'vang', 'u', 'ok']);

function classify(words: readonly string[]): boolean | null {
  const phrase = words.join(' ');
  if (YES.has(phrase)) return true;
  if (NO.has(phrase)) return false;
  return null;
}

/** true for yes, false for no, null when the text is not a yes/no answer. */
export function parseYesNo(text: string): boolean | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  if (/👍|✅|👌/u.test(text) && !/👎|❌/u.test(text)) return true;
  if (/👎|❌/u.test(text)) return false;
  let words = analyze(text).folded;
  const phrase = words.join(' ');
  if (UNSURE.some((u) => phrase.includes(u))) return null;
  // Drop politeness at both ends ("dạ có ạ", "không nhé bạn").
  while (words.length > 1 && FILLER.has(words[words.length - 1]!)) words = words.slice(0, -1);
  while (words.length > 1 && FILLER.has(words[0]!)) words = words.slice(1);
  const whole = classify(words);
  if (whole !== null) return whole;
  // "dạ không", "vâng, có ạ", "ok không cần": a polite head defers to what follows.
  if (words.length > 1 && POLITE_HEAD.has(words[0]!)) {
    const rest = classify(words.slice(1));
    if (rest !== null) return rest;
  }
  // "có, tôi có giấy chứng sinh" / "không, tôi không có": the first clause answers.
  const firstClause = analyze(text.split(/[,.;!?\n]/)[0] ?? '').folded.filter((w) => !FILLER.has(w));
  if (firstClause.length > 0 && firstClause.length < words.length) return classify(firstClause);
  return null;
}
