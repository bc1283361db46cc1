import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedOutBetween, signedOutKeys, TOP_LEVEL } from '../../src/api/domain/signed-out-users.js';

const ISSUER = 'https://idp.test';

/** A replay cache's `has` over the keys put, counting its lookups. */
function memory(keys: Iterable<string>) {
  const set = new Set(keys);
  const lookups: string[] = [];
  return {
    has: async (key: string) => {
      lookups.push(key);
      return set.has(key);
    },
    lookups,
  };
}

describe('a sign-out of a whole user, remembered as spans of seconds', () => {
  it('finds a sign-out in a range exactly when one of those remembered lies in it', async () => {
    const top = TOP_LEVEL;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1_700_000_000, max: 1_700_200_000 }), { maxLength: 4 }),
        fc.integer({ min: 1_700_000_000, max: 1_700_200_000 }),
        fc.integer({ min: 0, max: 86_400 }),
        async (times, from, length) => {
          const store = memory(times.flatMap((at) => signedOutKeys(ISSUER, 'alice', at, top)));
          const to = from + length;
          const found = await signedOutBetween(store.has, ISSUER, 'alice', { from, to, top });
          expect(found).toBe(times.some((at) => at >= from && at <= to));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells the second of the sign-out from the one after it, and one user from another', async () => {
    const top = 12; // spans up to 4096 s
    const at = 1_700_000_123;
    const store = memory(signedOutKeys(ISSUER, 'alice', at, top));
    const between = (subject: string, from: number, to: number) =>
      signedOutBetween(store.has, ISSUER, subject, { from, to, top });
    expect(await between('alice', at, at + 60)).toBe(true);
    expect(await between('alice', at - 3600, at)).toBe(true);
    expect(await between('alice', at + 1, at + 3600)).toBe(false);
    expect(await between('alice', at - 3600, at - 1)).toBe(false);
    expect(await between('bob', at - 60, at + 60)).toBe(false);
    expect(await signedOutBetween(store.has, 'https://other.test', 'alice', { from: at, to: at, top })).toBe(false);
  });

  it('asks at most two lookups when the user never signed out, and one key per level to remember one', async () => {
    const top = TOP_LEVEL;
    expect(2 ** top).toBeGreaterThan(7 * 86_400); // past the longest memory
    expect(signedOutKeys(ISSUER, 'alice', 1_700_000_000)).toHaveLength(21);
    const store = memory([]);
    expect(await signedOutBetween(store.has, ISSUER, 'alice', { from: 1_700_000_000, to: 1_700_003_600, top })).toBe(
      false,
    );
    expect(store.lookups.length).toBeLessThanOrEqual(2);
  });

  it('bounds the lookups of a range that holds a sign-out by a few per level', async () => {
    const top = TOP_LEVEL;
    const store = memory(signedOutKeys(ISSUER, 'alice', 1_700_050_001));
    expect(
      await signedOutBetween(store.has, ISSUER, 'alice', { from: 1_700_050_000, to: 1_700_050_000 + 86_400, top }),
    ).toBe(true);
    expect(store.lookups.length).toBeLessThanOrEqual(4 * (top + 1));
  });
});
