/** Whatever text the engine sends, the citizen sees exactly it once Telegram parsed our HTML. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/channels/telegram/html.ts';
import { parseTelegramHtml } from '../support/fake-telegram/index.ts';

describe('escapeHtml', () => {
  it('round-trips any text through the Bot API HTML parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', ';', '#', 'b', '/', ' ', 'lt', 'amp', 'ữ') }), (text) => {
        expect(parseTelegramHtml(escapeHtml(text))).toEqual({ ok: true, text });
      }),
    );
  });
});
