import { describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '../../src/domain/interaction-required.js';
import { scopeKey } from '../../src/domain/scopes.js';
import { API, setup } from '../support/helpers.js';

describe('AcquireToken', () => {
  it('serves a second call from the hot index without touching the IdP', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const first = await t.identity.acquireToken(alice.account, { scopes: [API] });
    const second = await t.identity.acquireToken(alice.account, { scopes: API });
    expect(second).toBe(first);
    expect(t.idp.calls.silent).toBe(1);
  });

  it('makes exactly one IdP call for 1,000 concurrent requests needing the same refresh', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    t.idp.refreshDelayMs = 10;
    const tokens = await Promise.all(
      Array.from({ length: 1000 }, () => t.identity.acquireToken(alice.account, { scopes: [API] })),
    );
    expect(t.idp.calls.silent).toBe(1);
    expect(t.idp.calls.refresh).toBe(1);
    expect(new Set(tokens.map((x) => x.accessToken)).size).toBe(1);
  });

  it('refreshes inside the refresh window and stores the rotated refresh token', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const first = await t.identity.acquireToken(alice.account, { scopes: [API] });
    t.clock.advance(3600_000 - 200_000); // inside the default 300 s skew
    const second = await t.identity.acquireToken(alice.account, { scopes: [API] });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(t.idp.calls.refresh).toBe(2);
    // The rotated refresh token was written back: a third refresh still works.
    const third = await t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true });
    expect(third.accessToken).not.toBe(second.accessToken);
  });

  it('never writes an account back when its refresh finishes after RemoveAccount (resurrection)', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    t.idp.refreshDelayMs = 30;
    const inFlight = t.identity.acquireToken(alice.account, { scopes: [API] });
    await new Promise((r) => setTimeout(r, 5)); // the refresh is now at the IdP
    await t.identity.removeAccount(alice.accountKey);
    await expect(inFlight).rejects.toBeInstanceOf(InteractionRequiredError);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(t.hot.get(alice.accountKey, scopeKey([API]))).toBeUndefined();
    t.idp.refreshDelayMs = 0;
    await expect(t.identity.acquireToken(alice.account, { scopes: [API] })).rejects.toMatchObject({
      interaction: { reason: 'no_tokens_found' },
    });
  });

  it('keeps a hot-index entry out when the account was removed while the partition was being read', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    await t.identity.acquireToken(alice.account, { scopes: [API] });
    const ticket = t.hot.ticket();
    t.hot.evict(alice.accountKey);
    const stored = t.hot.set(
      alice.accountKey,
      'x',
      { accessToken: 'a', expiresAt: Infinity, scopes: [], tokenType: 'Bearer' },
      ticket,
      Infinity,
    );
    expect(stored).toBe(false);
    expect(t.hot.get(alice.accountKey, 'x')).toBeUndefined();
  });

  it('maps an invalid refresh token to InteractionRequiredError with the scopes to ask for', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    t.idp.revokeRefreshTokens('alice');
    const error = await t.identity.acquireToken(alice.account, { scopes: [API] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect((error as InteractionRequiredError).interaction.scopes).toEqual([API]);
  });

  it('rejects an empty scope list as a programmer error', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    await expect(t.identity.acquireToken(alice.account, { scopes: [] })).rejects.toThrow(/at least one scope/);
  });
});
