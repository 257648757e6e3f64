/**
 * @module Questions asked in the middle of a procedure ("cần giấy tờ gì?", "lệ phí bao
 * nhiêu", "làm ở đâu", "mất bao lâu", "ai được nộp", "how much is the fee?") answered from the
 * flow's `faq`, or else from its `procedure` data. It runs on every free-text answer, so it
 * fires only on something shaped like a question that is about one of those topics: names,
 * dates, addresses, "có" and descriptions of a problem are left to the step.
 */
import type { Locale } from '../channels/channel.ts';
import type { Faq, FlowDefinition } from '../flows/flow-schema.ts';
import { t as sharedT, type Translate } from '../i18n/locales.ts';
import { analyze, type Analysis } from './normalize.ts';
import { PhraseMatcher } from './phrase-matcher.ts';

/** Longer messages are descriptions ("quán nhậu lấn chiếm ... bao nhiêu năm nay?"), not questions to us. */
const MAX_QUESTION_WORDS = 25;

const QUESTION_WORDS = new PhraseMatcher<true>(
  [
    'gì', 'bao nhiêu', 'bao lâu', 'bao giờ', 'ở đâu', 'đâu', 'khi nào', 'thế nào', 'như thế nào', 'ra sao', 'làm sao', 'sao', 'tại sao', 'vì sao',
    'mấy', 'được không', 'phải không', 'có cần', 'có phải', 'có được', 'có mất', 'cần những', 'ai được', 'ai có thể', 'ai phải', 'ai đi', 'ai nộp',
    'hả', 'nhỉ', 'không ạ', 'chưa ạ', 'what', 'how', 'where', 'when', 'who', 'which', 'why', 'can i', 'do i', 'is it', 'does it', 'should i',
    'is there', 'do we', 'can we', 'can someone', 'can my',
  ].map((p) => [p, true] as const),
);

type Topic = 'documents' | 'fee' | 'time' | 'authority' | 'online' | 'inPerson' | 'eligibility';

const TOPICS: Record<Topic, readonly string[]> = {
  documents: ['giấy tờ', 'hồ sơ gồm', 'cần gì', 'cần những gì', 'mang theo', 'mang gì', 'chuẩn bị', 'documents', 'papers', 'what do i need', 'bring'],
  fee: ['lệ phí', 'phí', 'bao nhiêu tiền', 'mất tiền', 'tốn tiền', 'tốn bao nhiêu', 'miễn phí', 'fee', 'cost', 'how much', 'free', 'pay', 'price'],
  time: ['bao lâu', 'mấy ngày', 'khi nào có', 'bao giờ có', 'bao giờ xong', 'khi nào xong', 'thời gian', 'how long', 'when will', 'how many days'],
  authority: ['ở đâu', 'nơi nào', 'cơ quan nào', 'nộp ở đâu', 'làm ở đâu', 'chỗ nào', 'where', 'which office'],
  online: ['online', 'trực tuyến', 'qua mạng', 'trên mạng', 'dịch vụ công', 'vneid', 'internet'],
  inPerson: ['trực tiếp', 'phải đến', 'phải lên', 'phải đi', 'cần đến', 'đến không', 'lên phường', 'có mặt', 'in person', 'go to the office', 'visit'],
  eligibility: ['ai được', 'ai có thể', 'ai phải', 'làm thay', 'làm hộ', 'làm giùm', 'nhờ người', 'ủy quyền', 'who can', 'on behalf', 'for my'],
};
const topicMatcher = new PhraseMatcher<Topic>(Object.entries(TOPICS).flatMap(([topic, ps]) => ps.map((p) => [p, topic as Topic] as const)));

/** Words that say nothing about which FAQ is meant. */
const STOP = new Set(['co', 'khong', 'la', 'thi', 'gi', 'cua', 'toi', 'minh', 'em', 'ban', 'a', 'nay', 'nao', 'duoc', 'can', 'sao', 'the', 'i', 'is', 'my', 'for', 'of', 'it', 'what', 'how']);

/** Does the text read as a question to us (short, and a "?" or a question word)? */
export function looksLikeQuestion(a: Analysis, raw: string): boolean {
  if (a.tokens.length === 0 || a.tokens.length > MAX_QUESTION_WORDS) return false;
  if (/\?\s*$/.test(raw)) return true;
  return QUESTION_WORDS.findAll(a).length > 0;
}

interface PreparedFaq {
  faq: Faq;
  keywords: PhraseMatcher<number>;
  words: Set<string>;
}

const faqCache = new WeakMap<FlowDefinition, PreparedFaq[]>();

function prepared(flow: FlowDefinition): PreparedFaq[] {
  let list = faqCache.get(flow);
  if (!list) {
    list = flow.faq.map((faq) => ({
      faq,
      // Each keyword scores by its length: "bao nhieu tien" says more than "phi".
      keywords: new PhraseMatcher(faq.keywords.map((k) => [k, analyze(k).tokens.length] as const)),
      words: new Set([...analyze(faq.q.vi).folded, ...analyze(faq.q.en).folded].filter((w) => !STOP.has(w))),
    }));
    faqCache.set(flow, list);
  }
  return list;
}

function bestFaq(a: Analysis, flow: FlowDefinition): Faq | undefined {
  const words = a.folded.filter((w) => !STOP.has(w));
  let best: Faq | undefined;
  let bestScore = 0;
  for (const p of prepared(flow)) {
    const hits = p.keywords.findAll(a);
    const keywordScore = hits.reduce((s, h) => s + h.tag, 0);
    const shared = words.filter((w) => p.words.has(w)).length;
    const overlap = words.length === 0 ? 0 : shared / words.length;
    const score = keywordScore + 2 * overlap;
    // Without a keyword, most of the question and at least two of its words must be the FAQ's.
    if ((keywordScore > 0 || (overlap >= 0.5 && shared >= 2)) && score > bestScore) {
      best = p.faq;
      bestScore = score;
    }
  }
  return best;
}

function fromProcedure(topic: Topic, flow: FlowDefinition, locale: Locale, t: Translate): string {
  const p = flow.procedure;
  switch (topic) {
    case 'documents':
      return t(locale, 'nlu.faq.documents', { list: p.documents.map((d) => `• ${d[locale]}`).join('\n') });
    case 'fee':
      return t(locale, 'nlu.faq.fee', { fee: p.fee[locale] });
    case 'time':
      return t(locale, 'nlu.faq.processing_time', { time: p.processingTime[locale] });
    case 'authority':
      return t(locale, 'nlu.faq.authority', { authority: p.authority[locale] });
    case 'online':
      return t(locale, `nlu.faq.online_${p.onlineLevel}`);
    case 'inPerson':
      return p.inPerson ? t(locale, 'nlu.faq.in_person', { text: p.inPerson[locale] }) : t(locale, 'nlu.faq.no_in_person');
    case 'eligibility':
      return t(locale, 'nlu.faq.eligibility');
  }
}

/**
 * The answer to a question about `flow`, or null when `text` is not such a question.
 *
 * @example
 * answerQuestion('lệ phí bao nhiêu?', khaiSinh, 'vi') // the flow's FAQ answer about the fee
 * answerQuestion('Nguyễn Văn An', khaiSinh, 'vi')     // null
 */
export function answerQuestion(text: string, flow: FlowDefinition, locale: Locale, t: Translate = sharedT): string | null {
  if (typeof text !== 'string' || text.length > 400) return null;
  const a = analyze(text);
  if (!looksLikeQuestion(a, text)) return null;
  const faq = bestFaq(a, flow);
  if (faq) return faq.a[locale];
  const topics = topicMatcher.findAll(a);
  if (topics.length === 0) return null;
  // The most specific (longest) topic phrase decides: "bao nhiêu tiền" is about the fee.
  const top = topics.reduce((x, y) => (y.length > x.length ? y : x));
  return fromProcedure(top.tag, flow, locale, t);
}
