/**
 * The engine's side of linking an official's chat (src/engine/link-official.ts): the Telegram
 * deep link and the typed command, the reply in the chat's language, a wrong code, the limit on
 * attempts per chat, and nothing intercepted when the app offers no linking.
 */
import { describe, expect, it } from 'vitest';
import { createHarness, FIXTURE_FLOWS, allText } from '../support/engine-harness.ts';
import { OfficialLinkCodes } from '../../src/officials/official-links.ts';
import type { OfficialChat } from '../../src/officials/official.ts';

function withLinks(channel: 'telegram' | 'zalo') {
  const h = createHarness({ flowsDir: FIXTURE_FLOWS, channel });
  const linked: [string, OfficialChat | null][] = [];
  const codes = new OfficialLinkCodes({ setChat: async (u, c) => (linked.push([u, c]), true), get: async () => null });
  h.deps.officialLinks = codes;
  return { h, codes, linked };
}

describe('linking an official’s chat in the engine', () => {
  it('links through the Telegram deep link and answers in the chat’s language', async () => {
    const { h, codes, linked } = withLinks('telegram');
    await h.text('tg-1', 'English');
    const { code } = await codes.issue('bao.tran');
    const r = await h.send('tg-1', { kind: 'start', payload: `ob_${code}` });
    expect(allText(r)).toContain('This chat is now linked to the official account bao.tran.');
    expect(linked).toEqual([['bao.tran', expect.objectContaining({ channel: 'telegram', chatId: 'tg-1', locale: 'en' })]]);
  });

  it('links a Zalo chat from the typed command; a wrong code says so; attempts are limited per chat', async () => {
    const { h, codes, linked } = withLinks('zalo');
    const { code } = await codes.issue('lan');
    const wrong = code === '111111' ? '222222' : '111111';
    expect(allText(await h.text('z-1', `lien ket ${wrong}`))).toContain('Mã liên kết không đúng hoặc đã hết hạn');
    expect(allText(await h.text('z-1', `liên kết ${code}`))).toContain('Đã liên kết chat này với tài khoản cán bộ lan.');
    expect(linked.map(([u, c]) => `${u}:${c?.channel}:${c?.locale}`)).toEqual(['lan:zalo:vi']);
    for (let i = 0; i < 3; i++) await h.text('z-1', `liên kết ${wrong}`);
    const next = await codes.issue('lan');
    // Sixth attempt within the hour: refused even with the right code.
    expect(allText(await h.text('z-1', `liên kết ${next.code}`))).toContain('Bạn đã thử quá nhiều lần');
    expect(linked).toHaveLength(1);
  });

  it('leaves the words to the rest of the engine when the app offers no linking', async () => {
    const h = createHarness({ flowsDir: FIXTURE_FLOWS });
    expect(allText(await h.text('w-1', 'liên kết 123456'))).not.toMatch(/liên kết chat|Mã liên kết/);
  });
});
