/**
 * Property: whatever a citizen sends, in any order — texts, taps (valid, stale, forged),
 * photos (real, broken), locations, commands — the engine always replies, never throws, and
 * every stored session parses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/channel.ts';
import { readSession } from '../../src/engine/session.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { createHarness, documentJpeg, FIXTURE_FLOWS } from '../support/engine-harness.ts';

describe('random event sequences', () => {
  it('always replies, never throws, and leaves a parseable session', async () => {
    const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });
    const jpeg = await documentJpeg(400, 300);
    const words = ['thu tuc thu nghiem', 'đồng ý', 'có', 'không', '1', '2', '3', 'quay lại', 'bỏ qua', 'xong', 'hủy', 'làm lại', 'English', 'Tiếng Việt',
      'trợ giúp', 'nhắc lại', 'sửa 2', 'Nguyễn Văn An', '5/3/1990', '31/02/2020', '079090001234', '0901234567', 'a@b.vn', '12 Lê Lợi, phường Bến Thành',
      'xóa dữ liệu', 'tra cứu HS-7K2M-9QXD', '', '🙂', 'lệ phí bao nhiêu?', 'gặp cán bộ'];
    const taps = ['consent:yes', 'consent:no', 'confirm:yes', 'confirm:no', 'review:confirm', 'review:edit', 'edit:full_name', 'a:filer:self', 'a:filer:relative',
      'a:sex:male', 'a:has_doc:yes', 'a:has_doc:no', 'cmd:back', 'cmd:skip', 'cmd:done', 'cmd:cancel', 'flow:mini', 'flow:nope', 'pick:home:0', 'garbage', 'a:x:y:z'];
    const event: fc.Arbitrary<InboundEvent> = fc.oneof(
      fc.constantFrom(...words).map((text): InboundEvent => ({ kind: 'text', text })),
      fc.string({ maxLength: 40 }).map((text): InboundEvent => ({ kind: 'text', text })),
      fc.constantFrom(...taps).map((value): InboundEvent => ({ kind: 'choice', value })),
      fc.constant<InboundEvent>({ kind: 'photo', media: { id: 'p', size: jpeg.length, fetch: async () => jpeg } }),
      fc.uint8Array({ maxLength: 64 }).map((b): InboundEvent => ({ kind: 'photo', media: { id: 'x', size: b.length, fetch: async () => b } })),
      fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) }).map((l): InboundEvent => ({ kind: 'location', ...l })),
      fc.constantFrom<InboundEvent>({ kind: 'start' }, { kind: 'start', payload: 'mini' }, { kind: 'unsupported', what: 'voice' }, { kind: 'contact', phone: '+84901234567' }),
    );
    let chat = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
        const id = `prop${++chat}`;
        for (const e of events) {
          const replies = await h.send(id, e);
          expect(replies.length).toBeGreaterThan(0);
          for (const r of replies) expect(r.text.length).toBeGreaterThan(0);
          expect(replies.map((r) => r.text).join(' ')).not.toMatch(/hệ thống vừa gặp sự cố/);
          const stored = readSession(await h.store.sessions.peek(`web:${id}`));
          expect(stored.ok).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
