/** Console sessions expire (idle, absolute, pre-login) and stay bounded; failed logins are limited in a sliding window. */
import { describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../../src/console/console-sessions.ts';
import { LoginLimiter } from '../../src/console/login-limiter.ts';

const MIN = 60_000;

describe('console sessions', () => {
  const limits = { idleMs: 60 * MIN, absoluteMs: 12 * 60 * MIN, anonymousMs: 30 * MIN, max: 5 };

  it('hands out random 256-bit tokens with their own CSRF token, and forgets destroyed ones', () => {
    const s = new ConsoleSessions(limits);
    const a = s.create('lan');
    const b = s.create('lan');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.session.csrf).not.toBe(b.session.csrf);
    expect(s.get(a.token)?.username).toBe('lan');
    expect(s.get('not-a-token')).toBeNull();
    s.destroy(a.token);
    expect(s.get(a.token)).toBeNull();
    s.destroyUser('lan');
    expect(s.get(b.token)).toBeNull();
  });

  it('expires after an idle hour, after 12 hours however active, and pre-login sessions after 30 minutes', () => {
    let now = 0;
    const s = new ConsoleSessions(limits, () => now);
    const idle = s.create('lan').token;
    const busy = s.create('an').token;
    const anon = s.create().token;
    for (let h = 0; h < 11; h++) {
      now += 50 * MIN;
      expect(s.get(busy), `hour ${h}`).not.toBeNull();
    }
    expect(s.get(idle)).toBeNull();
    expect(s.get(anon)).toBeNull();
    now += 80 * MIN; // 12 h 10 min after login
    expect(s.get(busy)).toBeNull();
  });

  it('stays bounded, dropping pre-login sessions first', () => {
    const s = new ConsoleSessions(limits);
    const official = s.create('lan').token;
    for (let i = 0; i < 20; i++) s.create();
    expect(s.size).toBeLessThanOrEqual(5);
    expect(s.get(official)).not.toBeNull();
  });
});

describe('login limiter', () => {
  it('allows 5 failures per username in 15 minutes, then waits until the oldest leaves the window', () => {
    let now = 0;
    const l = new LoginLimiter({ windowMs: 15 * MIN, perUsername: 5, perAddress: 20, maxKeys: 100 }, () => now);
    for (let i = 0; i < 5; i++) {
      expect(l.retryAfterMs('lan', `10.0.0.${i}`)).toBe(0);
      l.fail('lan', `10.0.0.${i}`);
      now += MIN;
    }
    expect(l.retryAfterMs('lan', '10.9.9.9')).toBe(10 * MIN); // failures at 0–4 min, now 5 min: free at 15
    expect(l.retryAfterMs('an', '10.9.9.9')).toBe(0);
    now += 10 * MIN;
    expect(l.retryAfterMs('lan', '10.9.9.9')).toBe(0);
  });

  it('limits an address across usernames, and a success clears only the username', () => {
    const l = new LoginLimiter({ windowMs: 15 * MIN, perUsername: 5, perAddress: 3, maxKeys: 100 });
    l.fail('a', 'ip');
    l.fail('b', 'ip');
    l.fail('c', 'ip');
    expect(l.retryAfterMs('d', 'ip')).toBeGreaterThan(0);
    expect(l.retryAfterMs('d', 'other')).toBe(0);
    l.fail('lan', 'x');
    l.succeed('lan');
    expect(l.retryAfterMs('lan', 'y')).toBe(0);
  });
});
