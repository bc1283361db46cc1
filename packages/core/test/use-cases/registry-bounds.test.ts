import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { API, setup } from '../support/helpers.js';

// The account registry is how a logout finds an account's tokens. When a bounded registry drops
// an entry, the core ends that sign-in, and with the account's last entry removes the account:
// no partition outlives every entry a logout could find it by (fail closed). The floods at the
// default bounds are in test/hostile/registry-flood.test.ts.

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

describe('what a dropped or replaced sign-in tells the rest of the app', () => {
  function recorded(options: Parameters<typeof setup>[0] = {}) {
    const bus = new MemoryInvalidationBus();
    const messages: unknown[] = [];
    bus.subscribe((m) => messages.push(m));
    const t = setup({ ...options, stores: { ...options.stores, invalidationBus: bus } });
    const ended: unknown[] = [];
    const removed: unknown[] = [];
    t.identity.on('sessionEnded', (e) => void ended.push(e));
    t.identity.on('accountRemoved', (e) => void removed.push({ accountKey: e.accountKey, reason: e.reason }));
    return { t, messages, ended, removed };
  }

  it("a dropped entry of an account with others: that session ends on every instance, named with reason 'evicted'", async () => {
    const { t, messages, ended, removed } = recorded({
      stores: { accountRegistry: new MemoryAccountRegistry({ now: () => 0 }, { maxEntriesPerAccount: 1 }) },
    });
    const first = await t.signIn('alice', 's1');
    messages.length = 0;
    ended.length = 0;
    await t.signIn('alice', 's2');
    expect(ended).toEqual([{ sessionId: first.id, accountKey: first.accountKey, reason: 'evicted' }]);
    expect(messages).toContainEqual({ type: 'session-ended', sessionId: first.id });
    expect(removed).toEqual([]);
  });

  it('a dropped entry whose session had already ended reports no session ended', async () => {
    const { t, ended } = recorded({
      stores: { accountRegistry: new MemoryAccountRegistry({ now: () => 0 }, { maxEntriesPerAccount: 1 }) },
    });
    const first = await t.signIn('alice', 's1');
    await t.sessions.deleteSession(first.id);
    ended.length = 0;
    await t.signIn('alice', 's2');
    expect(ended).toEqual([]);
  });

  it("an account switch in one browser removes the previous account with reason 'replaced'", async () => {
    const { t, ended, removed } = recorded();
    const alice = await t.signIn('alice', 'sid-a');
    const bob = await t.signIn('bob', 'sid-b', alice.id);
    expect(removed).toEqual([{ accountKey: alice.accountKey, reason: 'replaced' }]);
    expect(ended).toContainEqual({ sessionId: alice.id, accountKey: alice.accountKey, reason: 'replaced' });
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-a')).toEqual([]);
    expect(await t.sessions.getSession(bob.id)).not.toBeNull();
  });

  it("the same account again in one browser keeps the account and ends only the old session ('replaced')", async () => {
    const { t, messages, ended, removed } = recorded();
    const first = await t.signIn('alice', 'sid-1');
    messages.length = 0;
    const second = await t.signIn('alice', 'sid-2', first.id);
    expect(removed).toEqual([]);
    expect(ended).toContainEqual({ sessionId: first.id, accountKey: first.accountKey, reason: 'replaced' });
    expect(messages).toContainEqual({ type: 'session-ended', sessionId: first.id });
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-1')).toEqual([]);
    expect(await t.sessions.getSession(first.id)).toBeNull();
    expect(await t.tokenCache.getPartition(second.accountKey)).not.toBeNull();
  });

  it('a previous session the store no longer has is still ended on every instance, and no account goes', async () => {
    const { t, messages, removed } = recorded();
    const first = await t.signIn('alice', 'sid-1');
    await t.sessions.deleteSession(first.id);
    messages.length = 0;
    await t.signIn('bob', 'sid-b', first.id);
    expect(messages).toContainEqual({ type: 'session-ended', sessionId: first.id });
    expect(removed).toEqual([]);
    // Alice's registry entry stays: her tokens are still cached, and a logout must find them.
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-1')).toHaveLength(1);
  });

  it('a previous session that cannot be read (the store failed) is treated as gone: the sign-in completes', async () => {
    const sessions = new MemorySessionStore({ now: () => 0 });
    const { t, messages } = recorded({ stores: { sessionStore: sessions } });
    const first = await t.signIn('alice', 'sid-1');
    const get = sessions.getSession.bind(sessions);
    sessions.getSession = async (id) => (id === first.id ? Promise.reject(new Error('store down')) : get(id));
    messages.length = 0;
    const bob = await t.signIn('bob', 'sid-b', first.id);
    expect(await get(bob.id)).not.toBeNull();
    expect(messages).toContainEqual({ type: 'session-ended', sessionId: first.id });
  });
});

describe('MemoryAccountRegistry options and capacity', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses maxEntries and maxEntriesPerAccount of %s, naming the option', (bad) => {
    for (const option of ['maxEntries', 'maxEntriesPerAccount'] as const) {
      expect(() => new MemoryAccountRegistry({ now: () => 0 }, { [option]: bad })).toThrow(
        expect.objectContaining({
          code: 'invalid_option',
          option,
          message: expect.stringContaining('must be a whole number of 1 or more'),
        }),
      );
    }
  });

  it('takes 1 as the smallest bound', async () => {
    const registry = new MemoryAccountRegistry({ now: () => 0 }, { maxEntries: 1, maxEntriesPerAccount: 1 });
    const a = { issuer: 'i', subject: 'a', sid: 'x', accountKey: 'ka', sessionId: 's1' };
    expect(await registry.recordSignIn(a, 60)).toEqual([]);
    expect(await registry.findBySid('i', 'x')).toEqual([a]);
  });

  it('hands back what its capacity evicts, with every field, and forgets it in every index', async () => {
    const registry = new MemoryAccountRegistry({ now: () => 0 }, { maxEntries: 2 });
    const a = { issuer: 'i', subject: 'a', sid: 'sa', accountKey: 'ka', sessionId: 's1' };
    const b = { issuer: 'i', subject: 'b', accountKey: 'kb', sessionId: 's2' };
    const c = { issuer: 'i', subject: 'c', sid: 'sc', accountKey: 'kc', sessionId: 's3' };
    await registry.recordSignIn(a, 60);
    await registry.recordSignIn(b, 60);
    expect(await registry.recordSignIn(c, 60)).toEqual([a]);
    expect(await registry.findBySid('i', 'sa')).toEqual([]);
    expect(await registry.findBySubject('i', 'a')).toEqual([]);
    expect(await registry.forgetAccount('ka')).toEqual([]);
    // Touching an account is no new sign-in: nothing is evicted, nothing handed back later.
    await registry.touchAccount('kb', 60);
    expect(await registry.findBySubject('i', 'b')).toEqual([b]);
    // Recording a sign-in again replaces its entry: nothing is reported as dropped.
    expect(await registry.recordSignIn(c, 60)).toEqual([]);
    // An entry removed on purpose is not reported as evicted by the next sign-in.
    await registry.forgetAccount('kb');
    const d = { issuer: 'i', subject: 'd', accountKey: 'kd', sessionId: 's4' };
    expect(await registry.recordSignIn(d, 60)).toEqual([]);
  });
});

describe('a logout ends the sessions its lookup found', () => {
  /** A registry whose account lists lost every entry (a drop half-way), while the lookup copies stayed. */
  class ListLost extends MemoryAccountRegistry {
    override async forgetAccount(accountKey: string) {
      await super.forgetAccount(accountKey);
      return [];
    }
  }

  it.each(['back-channel by sid', 'back-channel by sub', 'front-channel'] as const)(
    '%s: the session found ends even when the account list no longer names it',
    async (how) => {
      const t = setup({ stores: { accountRegistry: new ListLost({ now: () => 0 }) } });
      const alice = await t.signIn('alice', 'sid-a');
      if (how === 'front-channel') {
        const outcome = await t.container
          .resolve(HandleFrontChannelLogout)
          .execute({ iss: [t.idp.issuer], sid: ['sid-a'], cookieSession: null });
        expect(outcome).toEqual({ removed: 1 });
      } else {
        const token = await t.idp.logoutToken(how === 'back-channel by sid' ? { sid: 'sid-a' } : { sub: 'alice' });
        expect(await t.container.resolve(HandleBackChannelLogout).execute(token)).toBe(1);
      }
      expect(await t.sessions.getSession(alice.id)).toBeNull();
      expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    },
  );
});

describe('a logout racing a sign-in of the same account', () => {
  /** Runs `during` right after a sign-in's entry is recorded, before its tokens and session are written. */
  class Racing extends MemoryAccountRegistry {
    during: (() => Promise<void>) | undefined;
    override async recordSignIn(entry: RegistryEntry, ttlSeconds: number) {
      const dropped = await super.recordSignIn(entry, ttlSeconds);
      const during = this.during;
      this.during = undefined;
      await during?.();
      return dropped;
    }
  }

  it('leaves no session or tokens that no entry leads to: the sign-in fails closed with a 503', async () => {
    const registry = new Racing({ now: () => 0 });
    const t = setup({ stores: { accountRegistry: registry } });
    const old = await t.signIn('alice', 'sid-old');
    registry.during = async () => {
      const token = await t.idp.logoutToken({ sub: 'alice' });
      expect(await t.container.resolve(HandleBackChannelLogout).execute(token)).toBe(1);
    };
    await expect(t.signIn('alice', 'sid-new')).rejects.toMatchObject({ code: 'store_conflict', status: 503 });
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([]);
    expect(await t.tokenCache.getPartition(old.accountKey)).toBeNull();
    expect((await t.identity.stats()).sessions).toBe(0);
    // Signing in again works.
    await t.signIn('alice', 'sid-again');
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toHaveLength(1);
  });
});

describe('an account switch that fails half-way', () => {
  it("keeps the previous account's last entry until its tokens are gone, so a logout still finds them", async () => {
    const tokenCache = new MemoryTokenCacheStore({ now: () => 0 });
    const t = setup({ stores: { tokenCacheStore: tokenCache } });
    const alice = await t.signIn('alice', 'sid-a');
    const remove = tokenCache.deletePartition.bind(tokenCache);
    let failures = 1;
    tokenCache.deletePartition = async (key) => {
      if (key === alice.accountKey && failures-- > 0) throw new Error('store down');
      return remove(key);
    };
    await expect(t.signIn('bob', 'sid-b', alice.id)).rejects.toThrow('store down');
    // Alice's tokens are still there, and so is the entry that leads a logout to them.
    expect(await t.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-a')).toHaveLength(1);
    const token = await t.idp.logoutToken({ sid: 'sid-a' });
    expect(await t.container.resolve(HandleBackChannelLogout).execute(token)).toBe(1);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });
});

describe('a sign-in that fails after its registry dropped entries', () => {
  it("still ends the dropped entries' sessions and removes an account left without entries", async () => {
    const tokenCache = new MemoryTokenCacheStore({ now: () => 0 });
    const t = setup({
      stores: {
        tokenCacheStore: tokenCache,
        accountRegistry: new MemoryAccountRegistry({ now: () => 0 }, { maxEntries: 1 }),
      },
    });
    const victim = await t.signIn('victim', 'sid-v');
    const set = tokenCache.setPartition.bind(tokenCache);
    let failures = 1;
    tokenCache.setPartition = async (...args) => {
      if (failures-- > 0) throw new Error('store down');
      return set(...args);
    };
    await expect(t.signIn('alice', 'sid-a')).rejects.toThrow('store down');
    // The victim's entry was dropped for room: their session and tokens went with it.
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-v')).toEqual([]);
    expect(await t.sessions.getSession(victim.id)).toBeNull();
    expect(await t.tokenCache.getPartition(victim.accountKey)).toBeNull();
  });
});

describe('a removal beside a sign-in that writes its tokens in between', () => {
  it('deletes the partition again once it has forgotten the entries that led to it', async () => {
    const tokenCache = new MemoryTokenCacheStore({ now: () => 0 });
    /** Writes a partition for the account just before its entries are forgotten, as a racing sign-in would. */
    class WrittenBetween extends MemoryAccountRegistry {
      override async forgetAccount(accountKey: string) {
        await tokenCache.setPartition(accountKey, { value: 'sealed', version: 'v2' }, null, 60);
        return super.forgetAccount(accountKey);
      }
    }
    const t = setup({ stores: { tokenCacheStore: tokenCache, accountRegistry: new WrittenBetween({ now: () => 0 }) } });
    const alice = await t.signIn('alice', 'sid-a');
    await t.identity.removeAccount(alice.accountKey);
    expect(await tokenCache.getPartition(alice.accountKey)).toBeNull();
  });

  it('leaves a partition alone when it found no entries (nothing raced it)', async () => {
    const tokenCache = new MemoryTokenCacheStore({ now: () => 0 });
    const t = setup({ stores: { tokenCacheStore: tokenCache } });
    const removes: string[] = [];
    const remove = tokenCache.deletePartition.bind(tokenCache);
    tokenCache.deletePartition = async (key) => {
      removes.push(key);
      return remove(key);
    };
    await t.identity.removeAccount('nobody');
    expect(removes).toEqual(['nobody']);
    const alice = await t.signIn('alice', 'sid-a');
    removes.length = 0;
    await t.identity.removeAccount(alice.accountKey);
    expect(removes).toEqual([alice.accountKey, alice.accountKey]);
  });
});
