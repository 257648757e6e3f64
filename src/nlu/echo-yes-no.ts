/**
 * @module Yes/no answered the Vietnamese way, by echoing the question's verb: "Bạn đã nộp đủ
 * thuế chưa?" → "đã nộp đủ rồi" (yes), "chưa nộp" (no); "Bạn có muốn…?" → "muốn" (yes),
 * "không muốn" (no); "Bạn có cam đoan…?" → "chúng tôi cam đoan" (yes).
 */
import { fold } from './fold.ts';

const NEGATIONS = new Set(['khong', 'ko', 'k', 'kh', 'hong', 'hok', 'chua', 'chang', 'cha', 'ch']);
/** Words that carry no meaning of their own in a short answer. */
const NEUTRAL = new Set(['toi', 'chung', 'minh', 'em', 'anh', 'chi', 'ban', 'da', 'roi', 'a', 'nhe', 'nha', 'co', 'la', 'the', 'vay', 'ca', 'deu', 'that', 'luon', 'i', 'we', 'have', 'has', 'do', 'did', 'the', 'a']);
const UNSURE = ['khong biet', 'khong ro', 'chua biet', 'chua ro', 'khong chac', 'co le', 'chac vay', 'khong nho'];

/** true/false when the short answer echoes the question; null when it does not. */
export function echoYesNo(answer: string, questions: readonly string[]): boolean | null {
  const words = fold(answer).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 8) return null;
  const phrase = words.join(' ');
  if (UNSURE.some((u) => phrase.includes(u))) return null;
  const asked = new Set(questions.flatMap((q) => fold(q).split(' ')));
  const negated = NEGATIONS.has(words[0]!);
  const rest = negated ? words.slice(1) : words;
  const echoes = rest.some((w) => !NEUTRAL.has(w) && asked.has(w));
  if (negated) return rest.length === 0 || echoes || rest.every((w) => NEUTRAL.has(w) || w === 'ai' || w === 'gi') ? false : null;
  if (echoes) return true;
  // "xong rồi", "đủ rồi": a short statement that something is done.
  if (words.length <= 3 && words[words.length - 1] === 'roi' && words.length > 1) return true;
  return null;
}
