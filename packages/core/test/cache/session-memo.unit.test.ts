import { describe, expect, it, vi } from 'vitest';
import { SESSION_MEMO_MAX_AGE_MS, SessionMemo } from '../../src/cache/session-memo.js';
import type { Session } from '../../src/domain/session.js';
import { ManualClock } from '../../src/testing/fake-identity-provider.js';

// The verified-session memo may only ever answer with a session that is still live and was not
// ended or removed anywhere; each case is a way a stale answer would keep a signed-out user in.

function session(id: string, accountKey: string, expiresAt: number): Session {
  const account = { key: accountKey, issuer: 'https://idp.test', subject: accountKey, username: 'u', name: 'n' };
  return { id, accountKey, account, issuer: account.issuer, csrfToken: 'c', createdAt: 0, expiresAt };
}

describe('SessionMemo', () => {
  it('answers until the session expires, not a millisecond longer', async () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const s = session('s1', 'a', clock.now() + 10_000);
    memo.remember('cookie-1', s);
    expect(memo.get('cookie-1')).toBe(s);
    clock.advance(9_999);
    expect(memo.get('cookie-1')).toBe(s);
    clock.advance(1);
    expect(memo.get('cookie-1')).toBeNull();
    expect(memo.size).toBe(0);
  });

  it('trusts a long session for at most a minute before the store is asked again', async () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    expect(SESSION_MEMO_MAX_AGE_MS).toBe(60_000);
    memo.remember('cookie-1', session('s1', 'a', clock.now() + 3_600_000));
    clock.advance(59_999);
    expect(memo.get('cookie-1')).not.toBeNull();
    clock.advance(1);
    expect(memo.get('cookie-1')).toBeNull();
  });

  it('knows only exact cookie values', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    memo.remember('cookie-1', session('s1', 'a', clock.now() + 10_000));
    expect(memo.get('cookie-2')).toBeNull();
    expect(memo.get('cookie-')).toBeNull();
  });

  it('knows only exact cookie values when they share their first characters (the fast index), however they collide', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const later = clock.now() + 10_000;
    const alice = session('s1', 'alice', later);
    const bob = session('s2', 'bob', later);
    // Same first five characters: the same short key in the memo's fast index.
    memo.remember('AAAAA-alice.sig', alice);
    memo.remember('AAAAA-bob.sig', bob);
    expect(memo.get('AAAAA-alice.sig')).toBe(alice);
    expect(memo.get('AAAAA-bob.sig')).toBe(bob);
    // A forged cookie that copies a remembered one's opening, or a signed one cut short: no hit.
    expect(memo.get('AAAAA-bob.forged')).toBeNull();
    expect(memo.get('AAAAA-bob.si')).toBeNull();
    expect(memo.get('AAAAA')).toBeNull();
    expect(memo.get('AAAA')).toBeNull();
    memo.dropSession('s2');
    expect(memo.get('AAAAA-bob.sig')).toBeNull();
    expect(memo.get('AAAAA-alice.sig')).toBe(alice);
    memo.dropSession('s1');
    expect(memo.get('AAAAA-alice.sig')).toBeNull();
    // Shorter than the short key reads: exact too.
    memo.remember('ab', alice);
    expect(memo.get('ab')).toBe(alice);
    expect(memo.get('a')).toBeNull();
  });

  it('finds a remembered cookie without hashing its whole value (the fast index), one of many', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const later = clock.now() + 10_000;
    const cookies = ['s1-cookie.sig', 'k2-cookie.sig', 'z3-cookie.sig'];
    for (const [i, cookie] of cookies.entries()) memo.remember(cookie, session(`s${i}`, `a${i}`, later));
    // Fresh strings, as each request's header gives: no hash of theirs is cached anywhere.
    const asked = cookies.map((cookie) => `${cookie} `.slice(0, -1));
    const get = vi.spyOn(Map.prototype, 'get');
    try {
      for (const cookie of asked) expect(memo.find(cookie)?.session.id).toBe(`s${asked.indexOf(cookie)}`);
      const byString = get.mock.calls.filter(([key]) => typeof key === 'string');
      expect(byString).toEqual([]);
      // Forgetting a cookie that shares the short key of the one the index holds leaves that one
      // on the fast path.
      memo.remember('s1-cooXX.sig', session('s8', 'a8', later)); // shares 's1-co': the index now holds it
      memo.dropSession('s0'); // 's1-cookie.sig', which the index no longer holds
      get.mockClear();
      expect(memo.find(`${'s1-cooXX.sig'} `.slice(0, -1))?.session.id).toBe('s8');
      expect(get.mock.calls.filter(([key]) => typeof key === 'string')).toEqual([]);
    } finally {
      get.mockRestore();
    }
  });

  it('answers with the session a cookie was remembered with last (a recorded idle activity), fast index or not', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const first = session('s1', 'alice', clock.now() + 10_000);
    const seen = { ...first, lastSeenAt: clock.now() };
    memo.remember('s1-cookie.sig', first);
    memo.remember('s1-cookie.sig', seen);
    expect(memo.find(`${'s1-cookie.sig'} `.slice(0, -1))?.session).toBe(seen);
    expect(memo.size).toBe(1);
  });

  it('ends a session under every cookie it was remembered with (issued again under a rotated secret)', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const later = clock.now() + 10_000;
    const s = session('s1', 'alice', later);
    memo.remember('s1.signed-with-the-old-secret', s);
    memo.remember('s1.signed-with-the-new-secret', s);
    memo.remember('s2.other', session('s2', 'alice', later));
    memo.dropSession('s1');
    expect(memo.get('s1.signed-with-the-old-secret')).toBeNull();
    expect(memo.get('s1.signed-with-the-new-secret')).toBeNull();
    expect(memo.get('s2.other')).not.toBeNull();
    expect(memo.size).toBe(1);
  });

  it('forgets one ended session, and every session of a removed account', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const later = clock.now() + 10_000;
    memo.remember('a1', session('s1', 'alice', later));
    memo.remember('a2', session('s2', 'alice', later));
    memo.remember('b1', session('s3', 'bob', later));
    memo.dropSession('s1');
    expect(memo.get('a1')).toBeNull();
    expect(memo.get('a2')).not.toBeNull();
    memo.dropSession('unknown');
    memo.dropAccount('alice');
    expect(memo.get('a2')).toBeNull();
    expect(memo.get('b1')).not.toBeNull();
    memo.dropAccount('nobody');
    expect(memo.size).toBe(1);
    // An account that signs in again after removal is tracked afresh.
    memo.remember('a3', session('s4', 'alice', later));
    memo.dropAccount('alice');
    expect(memo.get('a3')).toBeNull();
  });

  it('a removed account is forgotten on every browser it is signed in on, not only the latest', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock);
    const later = clock.now() + 10_000;
    memo.remember('laptop', session('s1', 'alice', later));
    memo.remember('phone', session('s2', 'alice', later));
    memo.remember('tablet', session('s3', 'alice', later));
    memo.dropAccount('alice');
    expect(memo.get('laptop')).toBeNull();
    expect(memo.get('phone')).toBeNull();
    expect(memo.get('tablet')).toBeNull();
    expect(memo.size).toBe(0);
  });

  it('still ends a session whose older cookie was evicted first', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock, 2);
    const s = session('s1', 'alice', clock.now() + 10_000);
    memo.remember('old-cookie', s);
    memo.remember('new-cookie', s);
    memo.remember('other', session('s2', 'bob', clock.now() + 10_000));
    expect(memo.get('old-cookie')).toBeNull();
    memo.dropSession('s1');
    expect(memo.get('new-cookie')).toBeNull();
    expect(memo.size).toBe(1);
  });

  it('holds at most maxEntries, dropping the oldest, and nothing at all with 0', () => {
    const clock = new ManualClock();
    const memo = new SessionMemo(clock, 2);
    const later = clock.now() + 10_000;
    memo.remember('c1', session('s1', 'a', later));
    memo.remember('c2', session('s2', 'b', later));
    expect(memo.size).toBe(2);
    memo.remember('c3', session('s3', 'c', later));
    expect(memo.size).toBe(2);
    expect(memo.get('c1')).toBeNull();
    expect(memo.get('c3')).not.toBeNull();
    // The evicted entry's account no longer points at it.
    memo.dropAccount('a');
    expect(memo.size).toBe(2);
    const off = new SessionMemo(clock, 0);
    off.remember('c1', session('s1', 'a', later));
    expect(off.size).toBe(0);
    expect(off.get('c1')).toBeNull();
  });

  it('keeps nothing behind for an entry that is gone, however it went: memory stays bounded under churn', () => {
    // Every session ever seen would otherwise leave a trace in the memo's indexes for the life of
    // the process. Counted over whatever maps the memo keeps, so no field name is assumed.
    const held = (m: SessionMemo) =>
      Object.values(m).reduce((n: number, v: unknown) => n + (v instanceof Map ? v.size : 0), 0);
    const clock = new ManualClock();
    const memo = new SessionMemo(clock, 2);
    const later = clock.now() + 10_000;
    memo.remember('expired', session('s1', 'a', clock.now() + 1_000));
    clock.advance(1_000);
    expect(memo.get('expired')).toBeNull();
    memo.remember('evicted', session('s2', 'b', later));
    memo.remember('ended', session('s3', 'c', later));
    memo.remember('removed', session('s4', 'd', later));
    // The count sees the indexes at all (it would pass vacuously otherwise).
    expect(held(memo)).toBeGreaterThan(memo.size);
    memo.dropSession('s3');
    memo.dropAccount('d');
    expect(memo.size).toBe(0);
    expect(held(memo)).toBe(0);
  });
});
