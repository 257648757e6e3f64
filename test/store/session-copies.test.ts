import { describe, expect, it } from 'vitest';
import { SessionCopies } from '../../src/store/session-copies.ts';

describe('SessionCopies', () => {
  it('gives back what was written, Vietnamese letters and emoji included; undefined when it has no copy', () => {
    const copies = new SessionCopies(10);
    const session = '{"tên":"Nguyễn Thị Ánh","ghi chú":"đã xong ✓ 🙂"}';
    expect(copies.text('web:a')).toBeUndefined();
    copies.remember('web:a', session);
    expect(copies.text('web:a')).toBe(session);
  });

  it('stands for “no session” after null, which is not the same as no copy', () => {
    const copies = new SessionCopies(10);
    copies.remember('web:a', '{"a":1}');
    copies.remember('web:a', null);
    expect(copies.text('web:a')).toBeNull();
  });

  it('rewrites a slot in place without keeping bytes of a longer session before it', () => {
    const copies = new SessionCopies(10);
    copies.remember('web:a', `{"a":"${'ệ'.repeat(1_000)}"}`);
    copies.remember('web:a', '{"b":2}');
    expect(copies.text('web:a')).toBe('{"b":2}');
  });

  it('keeps no copy of a session over 4 KB, and the slot goes back to use', () => {
    const copies = new SessionCopies(1);
    copies.remember('web:a', '{"a":1}');
    copies.remember('web:a', `{"a":"${'ệ'.repeat(1_400)}"}`); // 4,211 bytes
    expect(copies.text('web:a')).toBeUndefined();
    copies.remember('web:b', '{"b":1}');
    expect(copies.text('web:b')).toBe('{"b":1}');
  });

  it('forgets the least recently written chat beyond its size, and on request', () => {
    const copies = new SessionCopies(2);
    copies.remember('web:1', '1');
    copies.remember('web:2', '2');
    copies.remember('web:1', '1b'); // written again: now the most recent
    copies.remember('web:3', '3');
    expect(copies.text('web:2')).toBeUndefined();
    expect(copies.text('web:1')).toBe('1b');
    expect(copies.text('web:3')).toBe('3');
    copies.forget('web:3');
    expect(copies.text('web:3')).toBeUndefined();
    expect(copies.size).toBe(1);
    copies.remember('web:4', '4'); // takes the forgotten slot, evicting nobody
    expect(copies.text('web:1')).toBe('1b');
    expect(copies.text('web:4')).toBe('4');
  });

  it('spreads chats over several 64-slot buffers without mixing them up', () => {
    const copies = new SessionCopies(200);
    for (let i = 0; i < 200; i++) copies.remember(`web:${i}`, `{"i":${i},"x":"${'đ'.repeat(i * 7)}"}`);
    for (let i = 0; i < 200; i++) expect(copies.text(`web:${i}`)).toBe(`{"i":${i},"x":"${'đ'.repeat(i * 7)}"}`);
  });

  it('keeps nothing with a size of 0', () => {
    const copies = new SessionCopies(0);
    copies.remember('web:a', '{}');
    expect(copies.text('web:a')).toBeUndefined();
  });
});
