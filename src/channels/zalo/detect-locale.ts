/**
 * @module Which language an outgoing message is in, so the channel can add its own line
 * ("Trả lời 1, 2 hoặc 3" / "Reply 1, 2 or 3") in the same language. The engine writes
 * Vietnamese with diacritics, so letters only Vietnamese uses decide; English is recognised
 * by its small words; anything else keeps the fallback (the chat's locale, default vi).
 */
import type { Locale } from '../channel.ts';

// ă â đ ê ô ơ ư, the Latin Extended Additional block (ạ ả ấ ầ ... ỹ), and the tone-marked vowels
// Vietnamese shares with other languages but English never uses.
const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯ\u1EA0-\u1EF9àáãèéìíòóõùúýĩũÀÁÃÈÉÌÍÒÓÕÙÚÝĨŨ]/u;
const ENGLISH = /\b(the|and|or|your|you|please|choose|reply|which|what|when|is|are|of|to|for|with|this|that|yes|no)\b/i;

export function detectLocale(text: string, fallback: Locale): Locale {
  const s = text.normalize('NFC');
  if (VIETNAMESE.test(s)) return 'vi';
  if (ENGLISH.test(s)) return 'en';
  return fallback;
}
