/**
 * @module Plugs the natural-based NLU (src/nlu) into the engine's LanguageUnderstanding port.
 * The classifier is trained once here, at start-up, from the flows' examples.
 */
import type { LanguageUnderstanding } from '../engine/language-understanding.ts';
import type { FlowDefinition } from '../flows/flow-schema.ts';
import { answerQuestion } from '../nlu/answer-faq.ts';
import { buildIntentClassifier } from '../nlu/build-intent-classifier.ts';
import { decideIntent } from '../nlu/decide-intent.ts';
import { matchOption } from '../nlu/match-choice.ts';
import { matchCommand } from '../nlu/match-command.ts';
import { outOfScopeReply } from '../nlu/out-of-scope.ts';
import { parseYesNo } from '../nlu/yes-no.ts';

export function createNluAdapter(flows: readonly FlowDefinition[]): LanguageUnderstanding {
  const classifier = buildIntentClassifier(flows);
  const flowIds = flows.map((f) => f.id);
  return {
    detectIntent: (text) => decideIntent(classifier.classify(text), flowIds),
    matchCommand: (text, ctx) => matchCommand(text, ctx),
    answerQuestion: (text, flow, locale) => answerQuestion(text, flow, locale),
    outOfScopeReply: (text, locale) => outOfScopeReply(text, locale, { flows }),
    matchOption: (text, labels, opts) => matchOption(text, labels, opts),
    yesNo: (text) => parseYesNo(text),
  };
}
