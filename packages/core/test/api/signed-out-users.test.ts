import { ManualClock } from '@identity-web/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SKEW_SECONDS, signedOutBetween, signedOutKeys, TOP_LEVEL } from '../../src/api/domain/signed-out-users.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';

const ISSUER = 'https://idp.test';
const DAY = 86_400;
const T0 = 1_700_000_000;

/** A replay cache on a manual clock (epoch seconds), its lookups counted in waves of one turn each. */
function memory() {
  const clock = new ManualClock(T0 * 1000);
  const cache = new MemoryReplayCache(clock);
  const lookups: string[] = [];
  return {
    clock,
    lookups,
    has: (key: string) => {
      lookups.push(key);
      return cache.has(key);
    },
    /** Writes a sign-out of `subject` at `at`, at the clock's time. */
    async signOut(subject: string, at: number, seconds = DAY) {
      const now = Math.floor(clock.now() / 1000);
      for (const { key, ttlSeconds } of signedOutKeys(ISSUER, subject, at, seconds, now)) {
        await cache.putIfAbsent(key, ttlSeconds);
      }
    },
    between: (subject: string, from: number, to: number) =>
      signedOutBetween((key) => cache.has(key), ISSUER, subject, { from, to }),
    at: (seconds: number) => clock.advance(seconds * 1000 - clock.now()),
  };
}

describe('a sign-out of a whole user, remembered as spans of seconds', () => {
  it('finds a remembered sign-out in a range exactly when one lies in it, and remembers each at least its time past it', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Sign-outs, each delivered up to 5 minutes late; then a question some time later.
        fc.array(fc.record({ at: fc.integer({ min: T0, max: T0 + 3 * DAY }), lag: fc.integer({ min: 0, max: 300 }) }), {
          maxLength: 4,
        }),
        fc.integer({ min: T0, max: T0 + 4 * DAY }),
        fc.integer({ min: 0, max: 2 * DAY }),
        fc.integer({ min: 0, max: 2 * DAY }),
        async (signOuts, from, length, later) => {
          const store = memory();
          const writes = signOuts.map(({ at, lag }) => ({ at, when: at + lag })).sort((a, b) => a.when - b.when);
          for (const { at, when } of writes) {
            store.at(when);
            await store.signOut('alice', at);
          }
          const now = Math.max(T0, ...writes.map((w) => w.when)) + later;
          store.at(now);
          const to = from + length;
          const found = await store.between('alice', from, to);
          const inRange = signOuts.filter(({ at }) => at >= from && at <= to);
          // Never a sign-out that is not in the range; always one in it that is still within its time.
          if (inRange.length === 0) expect(found).toBe(false);
          if (inRange.some(({ at }) => now <= at + DAY)) expect(found).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps a later sign-out once an earlier one in the same wide span is forgotten', async () => {
    const store = memory();
    store.at(T0);
    await store.signOut('alice', T0, 3600);
    store.at(T0 + 1800);
    await store.signOut('alice', T0 + 1800, 3600);
    // Past the first one's hour, a token issued between the two is still refused for the second.
    store.at(T0 + 3601 + MAX_SKEW_SECONDS + TOP_LEVEL);
    expect(await store.between('alice', T0 + 900, T0 + 4000)).toBe(true);
    store.at(T0 + 1800 + 3600);
    expect(await store.between('alice', T0 + 900, T0 + 5400)).toBe(true);
  });

  it('tells the second of the sign-out from the one after it, one user from another, one issuer from another', async () => {
    const store = memory();
    const at = T0 + 123;
    store.at(at);
    await store.signOut('alice', at);
    expect(await store.between('alice', at, at + 60)).toBe(true);
    expect(await store.between('alice', at - 3600, at)).toBe(true);
    expect(await store.between('alice', at + 1, at + 3600)).toBe(false);
    expect(await store.between('alice', at - 3600, at - 1)).toBe(false);
    expect(await store.between('bob', at - 60, at + 60)).toBe(false);
    expect(await store.between('alice', at + 10, at)).toBe(false);
    expect(await store.between('alice', at, at)).toBe(true);
    const keys = signedOutKeys(ISSUER, 'alice', at, DAY, at).map(({ key }) => key);
    expect(signedOutKeys('https://other.test', 'alice', at, DAY, at).some(({ key }) => keys.includes(key))).toBe(false);
  });

  it('writes one key per level, each kept past its span, wider ones longer', () => {
    const keys = signedOutKeys(ISSUER, 'alice', T0, DAY, T0);
    expect(keys).toHaveLength(TOP_LEVEL + 1);
    expect(2 ** TOP_LEVEL).toBeGreaterThan(7 * DAY); // past the longest memory
    for (let level = 1; level < keys.length; level++) {
      expect(keys[level]!.ttlSeconds).toBeGreaterThan(keys[level - 1]!.ttlSeconds);
    }
    expect(keys[0]!.ttlSeconds).toBeGreaterThanOrEqual(DAY + 1);
    // A sign-out long past its time writes nothing.
    expect(signedOutKeys(ISSUER, 'alice', T0, DAY, T0 + 2 ** (TOP_LEVEL + 1) + DAY)).toEqual([]);
  });

  it('asks one or two keys when the user never signed out, and the range’s cover at once when one did', async () => {
    const store = memory();
    const count = async (from: number, to: number) => {
      store.lookups.length = 0;
      const found = await signedOutBetween(store.has, ISSUER, 'alice', { from, to });
      return { found, lookups: store.lookups.length };
    };
    expect(await count(T0, T0 + DAY)).toEqual({ found: false, lookups: 1 });
    store.at(T0);
    await store.signOut('alice', T0 + 5000);
    const { found, lookups } = await count(T0 + 1, T0 + DAY);
    expect(found).toBe(true);
    expect(lookups).toBeLessThanOrEqual(2 + 2 * (TOP_LEVEL + 1));
  });
});
