import { describe, expect, it } from 'vitest';
import type { AccountRegistry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { API, setup } from '../support/helpers.js';

type World = ReturnType<typeof setup>;
type SignedIn = Awaited<ReturnType<World['signIn']>>;

interface Case {
  readonly when: string;
  readonly options?: () => Parameters<typeof setup>[0];
  lose(t: World): Promise<SignedIn>;
}

/**
 * The ways a session can be gone while the account's tokens stay cached. (An account switch in
 * the same browser is not one: the previous account goes with its last session, see below.)
 */
const CASES: Case[] = [
  {
    when: 'after the session expired',
    async lose(t) {
      const alice = await t.signIn('alice', 'sid-a');
      t.clock.advance(8 * 3600 * 1000 + 1000); // past the default 8-hour session lifetime
      expect(await t.sessions.getSession(alice.id)).toBeNull();
      return alice;
    },
  },
  {
    when: 'after the session store evicted it',
    options: () => ({ stores: { sessionStore: new MemorySessionStore(frozenClock(), { maxSessions: 2 }) } }),
    async lose(t) {
      const alice = await t.signIn('alice', 'sid-a');
      await t.signIn('bob', 'sid-b');
      await t.signIn('carol', 'sid-c');
      expect(await t.sessions.getSession(alice.id)).toBeNull();
      return alice;
    },
  },
];

describe('logout removes the tokens whatever became of the session', () => {
  for (const { when, options, lose } of CASES) {
    for (const by of ['sid', 'sub', 'sid and sub'] as const) {
      it(`back-channel by ${by}, ${when}`, async () => {
        const t = setup(options?.());
        const alice = await lose(t);
        expect(await t.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
        const claims =
          by === 'sid' ? { sid: 'sid-a' } : by === 'sub' ? { sub: 'alice' } : { sid: 'sid-a', sub: 'alice' };
        const removed = await t.container.resolve(HandleBackChannelLogout).execute(await t.idp.logoutToken(claims));
        expect(removed).toBe(1);
        expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
        await expect(t.identity.acquireToken(alice.account, { scopes: [API] })).rejects.toMatchObject({
          code: 'interaction_required',
        });
      });
    }
    it(`front-channel by iss + sid, ${when}`, async () => {
      const t = setup(options?.());
      const alice = await lose(t);
      const request = { iss: [t.idp.issuer], sid: ['sid-a'], cookieSession: null };
      expect(await t.container.resolve(HandleFrontChannelLogout).execute(request)).toEqual({ removed: 1 });
      expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
      await expect(t.identity.acquireToken(alice.account, { scopes: [API] })).rejects.toMatchObject({
        code: 'interaction_required',
      });
    });
  }

  it('leaves the other accounts of the same browser and issuer alone', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 'sid-a');
    const bob = await t.signIn('bob', 'sid-b', alice.id);
    await t.container.resolve(HandleBackChannelLogout).execute(await t.idp.logoutToken({ sid: 'sid-a' }));
    expect(await t.tokenCache.getPartition(bob.accountKey)).not.toBeNull();
    expect(await t.sessions.getSession(bob.id)).not.toBeNull();
  });

  it('forgets the registry entries with the account, so a second logout finds nothing', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 'sid-a');
    await t.identity.removeAccount(alice.accountKey);
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-a')).toEqual([]);
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([]);
  });
});

describe('a new sign-in in the same browser', () => {
  it('ends the previous account with its last session: no tokens are left that a logout could miss', async () => {
    const t = setup();
    const removed: string[] = [];
    t.identity.on('accountRemoved', (e) => void removed.push(`${e.accountKey} ${e.reason}`));
    const alice = await t.signIn('alice', 'sid-a');
    await t.signIn('bob', 'sid-b', alice.id);
    expect(removed).toEqual([`${alice.accountKey} replaced`]);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([]);
  });

  it('keeps the account, and one registry entry, when the same user signs in again', async () => {
    const t = setup();
    let previous = await t.signIn('alice', 'sid-a');
    for (let i = 0; i < 1000; i++) previous = await t.signIn('alice', 'sid-a', previous.id);
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([
      expect.objectContaining({ sessionId: previous.id }),
    ]);
    expect(await t.tokenCache.getPartition(previous.accountKey)).not.toBeNull();
    expect(await t.container.resolve(HandleBackChannelLogout).execute(await t.idp.logoutToken({ sid: 'sid-a' }))).toBe(
      1,
    );
    expect(await t.tokenCache.getPartition(previous.accountKey)).toBeNull();
  });
});

describe('a back-channel delivery that failed in the store', () => {
  it('is served again on the IdP retry, and only then counts as used', async () => {
    const registry = new MemoryAccountRegistry(frozenClock());
    let failNext = false;
    const flaky: AccountRegistry = {
      recordSignIn: (e, ttl) => registry.recordSignIn(e, ttl),
      findBySid: (i, s) => registry.findBySid(i, s),
      findBySubject: (i, s) => registry.findBySubject(i, s),
      touchAccount: (k, ttl) => registry.touchAccount(k, ttl),
      forgetSession: (k, s) => registry.forgetSession(k, s),
      forgetAccount: async (k) => {
        if (failNext) {
          failNext = false;
          throw new Error('store unreachable');
        }
        return registry.forgetAccount(k);
      },
    };
    const t = setup({ stores: { accountRegistry: flaky } });
    const alice = await t.signIn('alice', 'sid-a');
    const handle = t.container.resolve(HandleBackChannelLogout);
    const token = await t.idp.logoutToken({ sid: 'sid-a', jti: 'retry-me' });
    failNext = true;
    await expect(handle.execute(token)).rejects.toThrow('store unreachable');
    expect(await handle.execute(token)).toBe(1);
    expect(await t.sessions.getSession(alice.id)).toBeNull();
    await expect(handle.execute(token)).rejects.toMatchObject({ code: 'logout_token_replayed' });
  });
});

function frozenClock() {
  // A store clock that never moves: eviction, not expiry, is what these stores show.
  return { now: () => 0 };
}
