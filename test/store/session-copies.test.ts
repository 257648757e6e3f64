import { describe, expect, it } from 'vitest';
import { SessionCopies, SessionCopy } from '../../src/store/session-copies.ts';

describe('SessionCopy', () => {
  it('gives back what was written, Vietnamese letters and emoji included, and its UTF-8 bytes', () => {
    const copy = new SessionCopy();
    const session = '{"tên":"Nguyễn Thị Ánh","ghi chú":"đã xong ✓ 🙂"}';
    copy.write(session);
    expect(copy.text()).toBe(session);
    expect(copy.view().equals(Buffer.from(session, 'utf8'))).toBe(true);
  });

  it('stands for “no session” after null, with empty bytes', () => {
    const copy = new SessionCopy();
    expect(copy.text()).toBeNull();
    copy.write('{"a":1}');
    copy.write(null);
    expect(copy.text()).toBeNull();
    expect(copy.view().length).toBe(0);
  });

  it('grows for a longer session and shrinks after a much shorter one, never keeping stale bytes', () => {
    const copy = new SessionCopy();
    copy.write('{"a":1}');
    const long = `{"a":"${'ệ'.repeat(10_000)}"}`;
    copy.write(long);
    expect(copy.text()).toBe(long);
    copy.write('{"b":2}');
    expect(copy.text()).toBe('{"b":2}');
    expect(copy.view().toString()).toBe('{"b":2}');
  });
});

describe('SessionCopies', () => {
  it('forgets the least recently written chat beyond its size, and on request', () => {
    const copies = new SessionCopies(2);
    copies.remember('web:1', '1');
    copies.remember('web:2', '2');
    copies.remember('web:1', '1b'); // written again: now the most recent
    copies.remember('web:3', '3');
    expect(copies.get('web:2')).toBeUndefined();
    expect(copies.get('web:1')?.text()).toBe('1b');
    expect(copies.get('web:3')?.text()).toBe('3');
    copies.forget('web:3');
    expect(copies.get('web:3')).toBeUndefined();
    expect(copies.size).toBe(1);
  });
});
