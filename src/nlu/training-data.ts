/**
 * @module Built-in training utterances (`src/nlu/data/training.tsv`): phrases for the
 * intents no flow owns — `status`, `human`, `help`, `none` (out of scope) — and extra
 * wordings for the procedures (no diacritics, teen-code, typos, stories, English), written
 * as citizens type. The labelled held-out set used to measure the classifier lives in
 * `test/nlu/heldout.tsv` and is never trained on.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LabelledUtterance {
  intent: string;
  /** diacritics | plain | abbrev | typo | long | english | oos */
  variant: string;
  text: string;
}

export const BUILTIN_TRAINING_FILE = fileURLToPath(new URL('./data/training.tsv', import.meta.url));

/** Parses `intent<TAB>variant<TAB>text` lines; `#` starts a comment line. Throws naming the line. */
export function parseLabelled(tsv: string, file: string): LabelledUtterance[] {
  const out: LabelledUtterance[] = [];
  tsv.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [intent, variant, text, ...rest] = line.split('\t');
    if (!intent || !variant || text === undefined || rest.length > 0) {
      throw new Error(`${file}:${i + 1}: expected "intent<TAB>variant<TAB>text"`);
    }
    out.push({ intent: intent.trim(), variant: variant.trim(), text });
  });
  return out;
}

let builtin: LabelledUtterance[] | undefined;

export function builtinUtterances(): LabelledUtterance[] {
  builtin ??= parseLabelled(readFileSync(BUILTIN_TRAINING_FILE, 'utf8'), BUILTIN_TRAINING_FILE);
  return builtin;
}

/** Groups utterances by intent, the shape `createIntentClassifier` takes. */
export function byIntent(rows: readonly LabelledUtterance[]): { intent: string; examples: string[] }[] {
  const m = new Map<string, string[]>();
  for (const r of rows) {
    const list = m.get(r.intent) ?? [];
    list.push(r.text);
    m.set(r.intent, list);
  }
  return [...m].map(([intent, examples]) => ({ intent, examples }));
}
