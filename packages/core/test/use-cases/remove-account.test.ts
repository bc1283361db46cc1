import { describe, expect, it } from 'vitest';
import { scopeKey } from '../../src/domain/scopes.js';
import { API, setup } from '../support/helpers.js';

describe('RemoveAccount', () => {
  it('leaves no token of the account in any store and leaves other accounts untouched', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    await t.identity.acquireToken(alice.account, { scopes: [API] });
    const bobToken = await t.identity.acquireToken(bob.account, { scopes: [API] });
    const removed: string[] = [];
    t.identity.on('accountRemoved', (e) => {
      removed.push(`${e.accountKey}:${e.reason}`);
    });

    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);

    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(t.hot.get(alice.accountKey, scopeKey([API]))).toBeUndefined();
    expect(removed).toEqual([`${alice.accountKey}:api`]);
    expect(await t.tokenCache.getPartition(bob.accountKey)).not.toBeNull();
    expect(t.hot.get(bob.accountKey, scopeKey([API]))?.token).toBe(bobToken);
    expect(await t.identity.acquireToken(bob.account, { scopes: [API] })).toBe(bobToken);
    expect(t.idp.calls.silent).toBe(2);
  });

  it('is idempotent', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(false);
  });

  it('revokes the refresh token by default, and removal survives a failing revocation', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    await t.identity.removeAccount(alice.accountKey);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(1);
    const bob = await t.signIn('bob');
    t.idp.revoke = async () => {
      throw new Error('revocation endpoint down');
    };
    expect(await t.identity.removeAccount(bob.accountKey)).toBe(true);
    expect(await t.tokenCache.getPartition(bob.accountKey)).toBeNull();
  });

  it('evicts the hot index of another instance through the invalidation bus', async () => {
    const { MemoryInvalidationBus, MemoryTokenCacheStore, MemorySessionStore } = await import(
      '@identity-web/core/store'
    );
    const { ManualClock } = await import('@identity-web/core/testing');
    const clock = new ManualClock();
    const shared = {
      invalidationBus: new MemoryInvalidationBus(),
      tokenCacheStore: new MemoryTokenCacheStore(clock),
      sessionStore: new MemorySessionStore(clock),
    };
    const one = setup({ clock, stores: shared });
    const alice = await one.signIn('alice');
    const two = setup({ clock, stores: shared });
    two.idp.grant('alice', [API]);
    // Instance two has its own hot copy of alice's token.
    Object.assign(two.idp, { acquireTokenSilent: one.idp.acquireTokenSilent.bind(one.idp) });
    await two.identity.acquireToken(alice.account, { scopes: [API] });
    expect(two.hot.get(alice.accountKey, scopeKey([API]))).toBeDefined();
    await one.identity.removeAccount(alice.accountKey);
    expect(two.hot.get(alice.accountKey, scopeKey([API]))).toBeUndefined();
  });

  it('serves a token from memory at most a minute after a removal message this instance missed', async () => {
    const { MemoryTokenCacheStore, MemorySessionStore } = await import('@identity-web/core/store');
    const { ManualClock } = await import('@identity-web/core/testing');
    const clock = new ManualClock();
    const silent = { publish: async () => {}, subscribe: () => () => {} };
    const shared = { tokenCacheStore: new MemoryTokenCacheStore(clock), sessionStore: new MemorySessionStore(clock) };
    const one = setup({ clock, stores: { ...shared, invalidationBus: silent } });
    const alice = await one.signIn('alice');
    const two = setup({ clock, stores: { ...shared, invalidationBus: silent } });
    Object.assign(two.idp, { acquireTokenSilent: one.idp.acquireTokenSilent.bind(one.idp) });
    await two.identity.acquireToken(alice.account, { scopes: [API] });
    await one.identity.removeAccount(alice.accountKey);
    // The message never came: instance two still serves its copy for a while, never past a minute.
    await expect(two.identity.acquireToken(alice.account, { scopes: [API] })).resolves.toBeDefined();
    clock.advance(60_001);
    await expect(two.identity.acquireToken(alice.account, { scopes: [API] })).rejects.toMatchObject({
      code: 'interaction_required',
    });
  });
});
