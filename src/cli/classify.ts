/**
 * @module `motcua classify`: one utterance per input line → one JSON line per utterance,
 * `{"text","intent","confidence","alternatives":[{"intent","confidence"}]}` (design.md).
 * Every line gets a result — empty, 10,000 characters, emoji, digits, mixed scripts —
 * with intent `none` where nothing fits; one bad line never stops the stream.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { FlowDefinition } from '../flows/flow-schema.ts';
import { buildIntentClassifier } from '../nlu/build-intent-classifier.ts';
import type { IntentResult } from '../nlu/intent-classifier.ts';

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function classifyLine(classify: (text: string) => IntentResult, text: string): string {
  let r: IntentResult;
  try {
    r = classify(text);
  } catch {
    // The classifier is not supposed to throw; if it ever does, this line still gets an answer.
    r = { intent: 'none', confidence: 1, alternatives: [] };
  }
  return JSON.stringify({
    text,
    intent: r.intent,
    confidence: round(r.confidence),
    alternatives: r.alternatives.map((a) => ({ intent: a.intent, confidence: round(a.confidence) })),
  });
}

export async function runClassify(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, flows: FlowDefinition[]): Promise<void> {
  const classifier = buildIntentClassifier(flows);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (!output.write(`${classifyLine(classifier.classify, line)}\n`)) await once(output, 'drain');
  }
}
