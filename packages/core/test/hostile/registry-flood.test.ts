import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';

// The account registry is how a logout finds an account's tokens. A bounded registry that drops
// an entry must not leave tokens behind that no logout can reach: it fails closed. What the core
// does with a dropped entry is in test/use-cases/registry-bounds.test.ts.

const ISS = 'https://idp.test';
const entry = (subject: string, sessionId: string, sid = `sid-${sessionId}`): RegistryEntry => ({
  issuer: ISS,
  subject,
  sid,
  accountKey: `key-${subject}`,
  sessionId,
});

describe('the in-memory registry at its default bounds', () => {
  it('200,001 sign-ins of one user in as many browsers leave every other user findable', async () => {
    const registry = new MemoryAccountRegistry({ now: () => 0 });
    await registry.recordSignIn(entry('victim', 'v1'), 3600);
    let dropped = 0;
    for (let i = 0; i < 200_001; i++) {
      const out = await registry.recordSignIn(entry('mallory', `m${i}`), 3600);
      // Only mallory's own oldest sign-ins make room.
      for (const e of out) expect(e.subject).toBe('mallory');
      dropped += out.length;
    }
    expect(dropped).toBe(200_001 - DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
    expect(await registry.findBySubject(ISS, 'mallory')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
    expect(await registry.findBySid(ISS, 'sid-v1')).toEqual([entry('victim', 'v1')]);
  });

  it('past 200,000 sign-ins of distinct users, hands back each entry it drops, so the core can end it', async () => {
    const registry = new MemoryAccountRegistry({ now: () => 0 });
    await registry.recordSignIn(entry('victim', 'v1'), 3600);
    const dropped: RegistryEntry[] = [];
    for (let i = 0; i < 200_000; i++) dropped.push(...(await registry.recordSignIn(entry(`user${i}`, `u${i}`), 3600)));
    expect(dropped).toEqual([entry('victim', 'v1')]);
    expect(await registry.findBySid(ISS, 'sid-v1')).toEqual([]);
  });
});
