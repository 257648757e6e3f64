/** @module What an operator is told of a failed Zalo login: the error's first line, bounded. */

/** First line of the error, at most 200 characters: zca-js sometimes appends whole server responses. */
export function shortReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? '').slice(0, 200) || (e instanceof Error ? e.name : 'unknown error');
}
