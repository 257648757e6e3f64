/** @module Language understanding for Vietnamese citizens' chat: re-exports only. */
export { answerQuestion, looksLikeQuestion } from './answer-faq.ts';
export { buildIntentClassifier, intentTraining } from './build-intent-classifier.ts';
export { decideIntent, INTENT_THRESHOLD, SERVICE_INTENTS, type IntentDecision } from './decide-intent.ts';
export { fold, foldToken, tidy } from './fold.ts';
export {
  createIntentClassifier,
  NONE_INTENT,
  type IntentClassifier,
  type IntentClassifierOptions,
  type IntentResult,
  type IntentScore,
  type IntentTraining,
} from './intent-classifier.ts';
export { createLanguageUnderstanding, type LanguageUnderstanding } from './language-understanding.ts';
export { matchChoice, matchIndexes, matchOption, type ChoiceMatch, type ChoiceOptionLike, type IndexMatch } from './match-choice.ts';
export { matchCommand, type Command, type CommandContext, type CommandName } from './match-command.ts';
export { analyze, normalize, normalizeFolded, words, type Analysis } from './normalize.ts';
export { outOfScopeReply, outOfScopeTopic } from './out-of-scope.ts';
export type { OutOfScopeTopic } from './out-of-scope-topics.ts';
export { findTrackingCode } from './tracking-code.ts';
export { parseYesNo } from './yes-no.ts';
