import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';

// The account registry is how a logout finds an account's tokens. A bounded registry that drops
// an entry must not leave tokens behind that no logout can reach: it fails closed. What the core
// does with a dropped entry is in test/use-cases/registry-bounds.test.ts. `pnpm test` floods a
// registry of 20,000 entries (registry-flood.test.ts), the long suite one at the default bound of
// 200,000 (registry-flood.long.test.ts).

const ISS = 'https://idp.test';
const entry = (subject: string, sessionId: string, sid = `sid-${sessionId}`): RegistryEntry => ({
  issuer: ISS,
  subject,
  sid,
  accountKey: `key-${subject}`,
  sessionId,
});

/** The flood tests on a registry of `maxEntries` (`undefined`: the default, 200,000). */
export function describeRegistryFlood(maxEntries: number | undefined): void {
  const bound = maxEntries ?? 200_000;
  const registryOf = () => new MemoryAccountRegistry({ now: () => 0 }, maxEntries === undefined ? {} : { maxEntries });
  const n = bound.toLocaleString('en');
  describe(`the in-memory registry of ${n} entries${maxEntries === undefined ? ' (the default)' : ''}`, () => {
    it(`${(bound + 1).toLocaleString('en')} sign-ins of one user in as many browsers leave every other user findable`, async () => {
      const registry = registryOf();
      await registry.recordSignIn(entry('victim', 'v1'), 3600);
      let dropped = 0;
      for (let i = 0; i < bound + 1; i++) {
        const out = await registry.recordSignIn(entry('mallory', `m${i}`), 3600);
        // Only mallory's own oldest sign-ins make room.
        for (const e of out) expect(e.subject).toBe('mallory');
        dropped += out.length;
      }
      expect(dropped).toBe(bound + 1 - DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
      expect(await registry.findBySubject(ISS, 'mallory')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
      expect(await registry.findBySid(ISS, 'sid-v1')).toEqual([entry('victim', 'v1')]);
    });

    it(`past ${n} sign-ins of distinct users, hands back each entry it drops, so the core can end it`, async () => {
      const registry = registryOf();
      await registry.recordSignIn(entry('victim', 'v1'), 3600);
      const dropped: RegistryEntry[] = [];
      for (let i = 0; i < bound; i++) dropped.push(...(await registry.recordSignIn(entry(`user${i}`, `u${i}`), 3600)));
      expect(dropped).toEqual([entry('victim', 'v1')]);
      expect(await registry.findBySid(ISS, 'sid-v1')).toEqual([]);
    });
  });
}
