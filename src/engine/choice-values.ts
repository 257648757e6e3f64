/**
 * @module The values behind buttons. Each names the prompt it answers, so a tap on an old
 * keyboard is recognised as stale instead of silently changing a past answer.
 */

export type CommandName = 'help' | 'back' | 'cancel' | 'restart' | 'repeat' | 'skip' | 'done' | 'delete' | 'human' | 'menu' | 'supplement' | 'subscribe' | 'unsubscribe';

export type ChoiceValue =
  | { kind: 'cmd'; command: CommandName }
  | { kind: 'lang'; locale: 'vi' | 'en' }
  | { kind: 'flow'; flowId: string }
  | { kind: 'consent'; yes: boolean }
  | { kind: 'confirm'; yes: boolean }
  | { kind: 'review'; action: 'confirm' | 'edit' }
  | { kind: 'edit'; step: string }
  | { kind: 'answer'; step: string; value: string }
  | { kind: 'pick'; step: string; index: number }
  | { kind: 'unfollow'; code: string; index: number };

const COMMANDS: readonly CommandName[] = ['help', 'back', 'cancel', 'restart', 'repeat', 'skip', 'done', 'delete', 'human', 'menu', 'supplement', 'subscribe', 'unsubscribe'];

export function encodeChoice(c: ChoiceValue): string {
  switch (c.kind) {
    case 'cmd':
      return `cmd:${c.command}`;
    case 'lang':
      return `lang:${c.locale}`;
    case 'flow':
      return `flow:${c.flowId}`;
    case 'consent':
    case 'confirm':
      return `${c.kind}:${c.yes ? 'yes' : 'no'}`;
    case 'review':
      return `review:${c.action}`;
    case 'edit':
      return `edit:${c.step}`;
    case 'answer':
      return `a:${c.step}:${c.value}`;
    case 'pick':
      return `pick:${c.step}:${c.index}`;
    case 'unfollow':
      return `unfollow:${c.code}:${c.index}`;
  }
}

/** Parses a button value; null for anything the engine never made. */
export function decodeChoice(raw: string): ChoiceValue | null {
  const [head, a, b, ...rest] = raw.split(':');
  if (rest.length > 0 || a === undefined || a === '') return null;
  switch (head) {
    case 'cmd':
      return b === undefined && (COMMANDS as readonly string[]).includes(a) ? { kind: 'cmd', command: a as CommandName } : null;
    case 'lang':
      return b === undefined && (a === 'vi' || a === 'en') ? { kind: 'lang', locale: a } : null;
    case 'flow':
      return b === undefined ? { kind: 'flow', flowId: a } : null;
    case 'consent':
    case 'confirm':
      return b === undefined && (a === 'yes' || a === 'no') ? { kind: head, yes: a === 'yes' } : null;
    case 'review':
      return b === undefined && (a === 'confirm' || a === 'edit') ? { kind: 'review', action: a } : null;
    case 'edit':
      return b === undefined ? { kind: 'edit', step: a } : null;
    case 'a':
      return b ? { kind: 'answer', step: a, value: b } : null;
    case 'pick':
      return b && /^\d{1,2}$/.test(b) ? { kind: 'pick', step: a, index: Number(b) } : null;
    case 'unfollow':
      return b && /^\d{1,2}$/.test(b) ? { kind: 'unfollow', code: a, index: Number(b) } : null;
    default:
      return null;
  }
}
