/**
 * @module Reading a password for `motcua officials`: typed at a terminal without echo (asked
 * twice), or read from stdin when it is not a terminal (scripts, tests): the first line is the
 * password, and a second line, when present, must repeat it.
 */
import type { Readable, Writable } from 'node:stream';

/** A terminal stdin (node's tty.ReadStream), or any stream for scripts. */
export type PromptInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** One line typed without echo. Backspace works; Ctrl-C / Ctrl-D on an empty line cancel. */
export function promptHidden(input: PromptInput, out: Writable, prompt: string): Promise<string> {
  out.write(prompt);
  const setRaw = input.setRawMode?.bind(input);
  setRaw?.(true);
  input.setEncoding('utf8');
  input.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      input.off('data', onData);
      setRaw?.(false);
      input.pause();
      out.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) {
          finish();
          reject(new PromptCancelled());
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          value = [...value].slice(0, -1).join('');
          continue;
        }
        if (ch < ' ') continue;
        value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** Everything on a non-terminal stdin. */
async function readAll(input: Readable): Promise<string> {
  let text = '';
  input.setEncoding('utf8');
  for await (const chunk of input) text += String(chunk);
  return text;
}

/**
 * The new password: asked twice at a terminal; from stdin otherwise. Throws with a message
 * for the person at the keyboard when the two entries differ or nothing was given.
 */
export async function readNewPassword(input: PromptInput, out: Writable, label: { first: string; again: string }): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await promptHidden(input, out, label.first);
    const again = await promptHidden(input, out, label.again);
    if (first !== again) throw new Error('the two passwords differ; nothing was changed');
    return first;
  }
  const lines = (await readAll(input)).split(/\r?\n/);
  const first = lines[0] ?? '';
  const again = lines[1] ?? '';
  if (again !== '' && again !== first) throw new Error('the two passwords on stdin differ; nothing was changed');
  return first;
}
