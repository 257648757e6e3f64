/**
 * @module Everything the engine asks of language understanding, bound to one set of flows:
 * the shape of the engine's `LanguageUnderstanding` port (src/engine/language-understanding.ts),
 * which this module does not import — dependencies point inward.
 *
 * @example
 * const nlu = createLanguageUnderstanding(loadFlows());
 * nlu.detectIntent('dk ks cho be');  // { kind: 'intent', intent: 'khai-sinh' }
 * nlu.matchCommand('quay lại');      // { name: 'back' }
 */
import type { Locale } from '../channels/channel.ts';
import type { FlowDefinition } from '../flows/flow-schema.ts';
import { answerQuestion } from './answer-faq.ts';
import { buildIntentClassifier } from './build-intent-classifier.ts';
import { decideIntent, type DecideOptions, type IntentDecision } from './decide-intent.ts';
import type { IntentResult } from './intent-classifier.ts';
import { matchOption, type IndexMatch, type MatchOptions } from './match-choice.ts';
import { matchCommand, type Command, type CommandContext } from './match-command.ts';
import { outOfScopeReply } from './out-of-scope.ts';
import { parseYesNo } from './yes-no.ts';

export interface LanguageUnderstanding {
  detectIntent(text: string): IntentDecision;
  /** The raw classification behind `detectIntent` (for logs and the classify CLI). */
  classify(text: string): IntentResult;
  matchCommand(text: string, ctx?: CommandContext): Command | null;
  answerQuestion(text: string, flow: FlowDefinition, locale: Locale): string | null;
  outOfScopeReply(text: string, locale: Locale): string;
  matchOption(text: string, labels: string[], opts?: MatchOptions): IndexMatch;
  yesNo(text: string): boolean | null;
}

export function createLanguageUnderstanding(flows: readonly FlowDefinition[], opts: DecideOptions = {}): LanguageUnderstanding {
  const classifier = buildIntentClassifier(flows);
  const flowIds = flows.map((f) => f.id);
  return {
    classify: (text) => classifier.classify(text),
    detectIntent: (text) => decideIntent(classifier.classify(text), flowIds, opts),
    matchCommand: (text, ctx) => matchCommand(text, ctx),
    answerQuestion: (text, flow, locale) => answerQuestion(text, flow, locale),
    outOfScopeReply: (text, locale) => outOfScopeReply(text, locale, { flows }),
    matchOption: (text, labels, o) => matchOption(text, labels, o),
    yesNo: (text) => parseYesNo(text),
  };
}
