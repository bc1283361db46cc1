import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../src/crypto/encoding.js';
import { validateLogoutTokenClaims } from '../../src/domain/logout-token.js';
import type { ReplayCache } from '../../src/ports/replay-cache.port.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { setup } from '../support/helpers.js';

// The logout use cases, each case named by the forged, replayed or misdirected logout it stops.

/** Records how long each replay key is remembered. */
function recordingReplayCache(clock: ReturnType<typeof setup>['clock']) {
  const inner = new MemoryReplayCache(clock);
  const remembered: Array<{ key: string; ttlSeconds: number }> = [];
  const cache: ReplayCache = {
    has: (key) => inner.has(key),
    putIfAbsent: (key, ttlSeconds) => {
      remembered.push({ key, ttlSeconds });
      return inner.putIfAbsent(key, ttlSeconds);
    },
  };
  return { cache, remembered };
}

/** An IdP adapter whose logout-token rules (maximum age, skew) are the test's to set. */
function verifyWith(
  t: ReturnType<typeof setup>,
  rules: () => { maxTokenAgeSeconds?: number; clockSkewSeconds?: number },
) {
  t.idp.verifyLogoutToken = async (jwt) =>
    validateLogoutTokenClaims({}, JSON.parse(new TextDecoder().decode(fromBase64Url(jwt.split('.')[1]!)!)), {
      issuer: t.idp.issuer,
      clientId: t.idp.clientId,
      now: t.clock.now(),
      ...rules(),
    });
}

function withReplayRecorder() {
  const probe = setup();
  const { cache, remembered } = recordingReplayCache(probe.clock);
  const t = setup({ clock: probe.clock, stores: { replayCache: cache } });
  return { t, remembered, handle: t.container.resolve(HandleBackChannelLogout) };
}

describe('back-channel logout: replay', () => {
  it('keys the replay memory by issuer and jti, so one used token does not block the next', async () => {
    const { t, remembered, handle } = withReplayRecorder();
    await t.signIn('alice', 's1');
    await t.signIn('bob', 's2');
    expect(await handle.execute(await t.idp.logoutToken({ sid: 's1', jti: 'first' }))).toBe(1);
    expect(await handle.execute(await t.idp.logoutToken({ sid: 's2', jti: 'second' }))).toBe(1);
    expect(remembered.map((r) => r.key)).toEqual([`${t.idp.issuer}\u0000first`, `${t.idp.issuer}\u0000second`]);
  });

  it("remembers a jti for at least ten minutes, and for the verifier's whole acceptance window", async () => {
    const { t, remembered, handle } = withReplayRecorder();
    const rules = { maxTokenAgeSeconds: 300, clockSkewSeconds: 60 };
    verifyWith(t, () => rules);
    const now = Math.floor(t.clock.now() / 1000);
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: now + 120 }));
    // A later exp does not lengthen the window: iat + 300 s + 60 s closes it first.
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: now + 3600 }));
    Object.assign(rules, { maxTokenAgeSeconds: 3600, clockSkewSeconds: 900 });
    // exp + skew (its last second: exp + 900 - 1) now closes the window first.
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: now + 3600 }));
    // Without exp, iat + maximum age + skew is the whole window.
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: undefined }));
    expect(remembered.map((r) => r.ttlSeconds)).toEqual([600, 600, 3600 + 900 - 1 + 120, 3600 + 900 + 120]);
  });

  it.each([
    ['an hour-old token is acceptable (logoutToken.maxAgeSeconds 3600)', { maxTokenAgeSeconds: 3600 }, { exp: 3600 }],
    ['the token has no exp and may be an hour old', { maxTokenAgeSeconds: 3600 }, { exp: undefined }],
    ['the clock skew is 15 minutes', { clockSkewSeconds: 900 }, { exp: 120 }],
  ])('still refuses a replay for as long as the token would be accepted: %s', async (_case, rules, token) => {
    const t = setup();
    verifyWith(t, () => rules);
    await t.signIn('alice', 's1');
    const handle = t.container.resolve(HandleBackChannelLogout);
    const now = Math.floor(t.clock.now() / 1000);
    const exp = token.exp === undefined ? undefined : now + token.exp;
    const jwt = await t.idp.logoutToken({ sid: 's1', exp });
    expect(await handle.execute(jwt)).toBe(1);
    // Eleven minutes on, the token still passes iat and exp; only the replay memory stops it.
    t.clock.advance(660_000);
    const again = await t.signIn('alice', 's1');
    await expect(handle.execute(jwt)).rejects.toMatchObject({
      code: 'logout_token_replayed',
      status: 400,
      message: 'logout token was already used',
    });
    expect(await t.sessions.getSession(again.id)).not.toBeNull();
  });

  it('keeps a jti at most two days, and two days when a custom verifier gives no finite window', async () => {
    const { t, remembered, handle } = withReplayRecorder();
    const claims = { iss: t.idp.issuer, sid: 'gone', jti: 'j', iat: Math.floor(t.clock.now() / 1000) };
    t.idp.verifyLogoutToken = async () => ({ ...claims, acceptUntil: claims.iat + 30 * 86_400 });
    await handle.execute('token');
    t.idp.verifyLogoutToken = async () => ({ ...claims, jti: 'k', acceptUntil: Number.NaN });
    await handle.execute('token');
    expect(remembered.map((r) => r.ttlSeconds)).toEqual([2 * 86_400, 2 * 86_400]);
  });

  it('does not count a jti as used when the removal failed, so the IdP can retry', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 's1');
    const handle = t.container.resolve(HandleBackChannelLogout);
    const token = await t.idp.logoutToken({ sid: 's1' });
    const remove = t.tokenCache.deletePartition.bind(t.tokenCache);
    t.tokenCache.deletePartition = async () => {
      throw new Error('store down');
    };
    await expect(handle.execute(token)).rejects.toThrow('store down');
    t.tokenCache.deletePartition = remove;
    expect(await handle.execute(token)).toBe(1);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
  });
});

describe('back-channel logout: what the token names', () => {
  it("refuses claims from another issuer even when the IdP adapter's verification let them through", async () => {
    const t = setup();
    const alice = await t.signIn('alice', 's1');
    // A registry entry under the other issuer with the same sid, which the token must not reach.
    await t.registry.recordSignIn(
      {
        issuer: 'https://other.example',
        subject: 'alice',
        sid: 's1',
        accountKey: alice.accountKey,
        sessionId: alice.id,
      },
      600,
    );
    t.idp.verifyLogoutToken = async () => ({
      iss: 'https://other.example',
      sid: 's1',
      jti: 'j',
      iat: 0,
      acceptUntil: 0,
    });
    await expect(t.container.resolve(HandleBackChannelLogout).execute('token')).rejects.toMatchObject({
      code: 'invalid_logout_token',
      status: 400,
      message: 'logout token is from another issuer',
    });
    expect(await t.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('with sid alone ends every account signed in under that IdP session', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 'shared');
    const bob = await t.signIn('bob', 'shared');
    const carol = await t.signIn('carol', 'other');
    const handle = t.container.resolve(HandleBackChannelLogout);
    expect(await handle.execute(await t.idp.logoutToken({ sid: 'shared' }))).toBe(2);
    expect(await t.sessions.getSession(alice.id)).toBeNull();
    expect(await t.sessions.getSession(bob.id)).toBeNull();
    expect(await t.sessions.getSession(carol.id)).not.toBeNull();
  });

  it('with sid and sub ends only that subject under that IdP session', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 'shared');
    const bob = await t.signIn('bob', 'shared');
    const handle = t.container.resolve(HandleBackChannelLogout);
    expect(await handle.execute(await t.idp.logoutToken({ sid: 'shared', sub: 'bob' }))).toBe(1);
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
    expect(await t.sessions.getSession(bob.id)).toBeNull();
  });

  it('with sub alone ends every session of that subject, counting the account once', async () => {
    const t = setup();
    const first = await t.signIn('alice', 's1');
    const second = await t.signIn('alice', 's2');
    const bob = await t.signIn('bob', 's3');
    const handle = t.container.resolve(HandleBackChannelLogout);
    expect(await handle.execute(await t.idp.logoutToken({ sub: 'alice' }))).toBe(1);
    expect(await t.sessions.getSession(first.id)).toBeNull();
    expect(await t.sessions.getSession(second.id)).toBeNull();
    expect(await t.sessions.getSession(bob.id)).not.toBeNull();
  });
});

describe('front-channel logout', () => {
  it('with sid alone (as Entra sends it) means the configured issuer', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: [], sid: ['s'], cookieSession: null })).toEqual({ removed: 1 });
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });

  it('counts every account signed in under the IdP session', async () => {
    const t = setup();
    await t.signIn('alice', 'shared');
    await t.signIn('bob', 'shared');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: [t.idp.issuer], sid: ['shared'], cookieSession: null })).toEqual({ removed: 2 });
  });

  it('refuses iss without sid even with the cookie fallback on: a lone iss breaks the OP MUST', async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: alice.id, accountKey: alice.accountKey };
    expect(await handle.execute({ iss: [t.idp.issuer], sid: [], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('with the cookie fallback on, a bare request without a cookie ends nothing', async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: [], sid: [], cookieSession: null })).toEqual({ refused: 'no_session_named' });
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
  });

  it("the cookie fallback ends the cookie's own session even when the registry no longer lists it", async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    await t.registry.forgetAccount(alice.accountKey);
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(
      await handle.execute({ iss: [], sid: [], cookieSession: { id: alice.id, accountKey: alice.accountKey } }),
    ).toEqual({ removed: 1 });
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });
});
