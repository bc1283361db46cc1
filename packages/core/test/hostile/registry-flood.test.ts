import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { API, setup } from '../support/helpers.js';

// The account registry is how a logout finds an account's tokens. A bounded registry that drops
// an entry must not leave tokens behind that no logout can reach: it fails closed.

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

describe('the core, when the registry drops an entry', () => {
  it('removes the account whose last entry went: its session ends and its tokens go (fail closed)', async () => {
    const t = setup({ stores: { accountRegistry: new MemoryAccountRegistry({ now: () => 0 }, { maxEntries: 10 }) } });
    const removed: string[] = [];
    t.identity.on('accountRemoved', (e) => void removed.push(`${e.accountKey} ${e.reason}`));
    const victim = await t.signIn('victim', 'sid-v');
    for (let i = 0; i < 10; i++) await t.signIn(`user${i}`);
    expect(removed).toEqual([`${victim.accountKey} evicted`]);
    expect(await t.tokenCache.getPartition(victim.accountKey)).toBeNull();
    expect(await t.sessions.getSession(victim.id)).toBeNull();
    await expect(t.identity.acquireToken(victim.account, { scopes: [API] })).rejects.toMatchObject({
      code: 'interaction_required',
    });
  });

  it('ends only the session of a dropped entry when the account has others', async () => {
    const t = setup({
      stores: { accountRegistry: new MemoryAccountRegistry({ now: () => 0 }, { maxEntriesPerAccount: 2 }) },
    });
    const first = await t.signIn('alice', 's1');
    const second = await t.signIn('alice', 's2');
    const third = await t.signIn('alice', 's3');
    expect(await t.sessions.getSession(first.id)).toBeNull();
    expect(await t.sessions.getSession(second.id)).not.toBeNull();
    expect(await t.sessions.getSession(third.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(first.accountKey)).not.toBeNull();
  });

  it.each(['sid', 'sub'] as const)(
    "a user's flood of sign-ins in many browsers leaves a victim's logout by %s working",
    async (by) => {
      const t = setup();
      const victim = await t.signIn('victim', 'sid-v');
      for (let i = 0; i < DEFAULT_MAX_ENTRIES_PER_ACCOUNT + 20; i++) await t.signIn('mallory', `sid-m${i}`);
      expect(await t.registry.findBySubject(t.idp.issuer, 'mallory')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
      const token = await t.idp.logoutToken(by === 'sid' ? { sid: 'sid-v' } : { sub: 'victim' });
      expect(await t.container.resolve(HandleBackChannelLogout).execute(token)).toBe(1);
      expect(await t.sessions.getSession(victim.id)).toBeNull();
      expect(await t.tokenCache.getPartition(victim.accountKey)).toBeNull();
    },
  );
});
