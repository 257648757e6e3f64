/**
 * @module The honest answer to a request this assistant does not handle: say so, say where
 * to go instead (passport → immigration office, land → land registration office, ...),
 * and list what it can do. Never a guess at a procedure.
 */
import type { Locale } from '../channels/channel.ts';
import type { FlowDefinition } from '../flows/flow-schema.ts';
import { t as sharedT, type Translate } from '../i18n/locales.ts';
import { analyze } from './normalize.ts';
import { OUT_OF_SCOPE_TOPICS, type OutOfScopeTopic } from './out-of-scope-topics.ts';
import { PhraseMatcher } from './phrase-matcher.ts';

const TOPIC_ORDER = Object.keys(OUT_OF_SCOPE_TOPICS) as (keyof typeof OUT_OF_SCOPE_TOPICS)[];
const matcher = new PhraseMatcher<keyof typeof OUT_OF_SCOPE_TOPICS>(
  TOPIC_ORDER.flatMap((topic) => OUT_OF_SCOPE_TOPICS[topic].map((p) => [p, topic] as const)),
);

/** The out-of-scope topic a message is about (the first in priority order), or `generic`. */
export function outOfScopeTopic(text: string): OutOfScopeTopic {
  const found = matcher.tags(analyze(text.slice(0, 2_000)));
  return TOPIC_ORDER.find((topic) => found.has(topic)) ?? 'generic';
}

export interface OutOfScopeOptions {
  /** The procedures on offer, listed after the reply. */
  flows?: readonly FlowDefinition[];
  /** Defaults to the repository's locales. */
  t?: Translate;
}

/**
 * @example
 * outOfScopeReply('làm hộ chiếu ở đâu', 'vi') // "Hộ chiếu do cơ quan quản lý xuất nhập cảnh ... cấp; ..."
 */
export function outOfScopeReply(text: string, locale: Locale, opts: OutOfScopeOptions = {}): string {
  const t = opts.t ?? sharedT;
  const reply = t(locale, `nlu.out_of_scope.${outOfScopeTopic(text)}`);
  if (!opts.flows?.length) return reply;
  const list = opts.flows.map((f) => f.title[locale]).join(locale === 'vi' ? '; ' : '; ');
  return `${reply}\n\n${t(locale, 'nlu.out_of_scope.supported', { list })}`;
}
