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

  it('remembers a jti for at least ten minutes, and past a later exp plus its skew', async () => {
    const { t, remembered, handle } = withReplayRecorder();
    const now = Math.floor(t.clock.now() / 1000);
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: now + 120 }));
    await handle.execute(await t.idp.logoutToken({ sid: 'gone', exp: now + 3600 }));
    expect(remembered.map((r) => r.ttlSeconds)).toEqual([600, 3600 + 120]);
  });

  it('still refuses a replay for as long as the token itself would be accepted', async () => {
    const t = setup();
    // An IdP adapter configured to accept logout tokens up to an hour old (logoutToken.maxAgeSeconds).
    t.idp.verifyLogoutToken = async (jwt) =>
      validateLogoutTokenClaims({}, JSON.parse(new TextDecoder().decode(fromBase64Url(jwt.split('.')[0]!)!)), {
        issuer: t.idp.issuer,
        clientId: t.idp.clientId,
        now: t.clock.now(),
        maxTokenAgeSeconds: 3600,
      });
    await t.signIn('alice', 's1');
    const handle = t.container.resolve(HandleBackChannelLogout);
    const now = Math.floor(t.clock.now() / 1000);
    const token = await t.idp.logoutToken({ sid: 's1', exp: now + 3600 });
    expect(await handle.execute(token)).toBe(1);
    // Eleven minutes on, the token is still valid by iat and exp; only the replay memory stops it.
    t.clock.advance(660_000);
    const again = await t.signIn('alice', 's1');
    await expect(handle.execute(token)).rejects.toMatchObject({
      code: 'logout_token_replayed',
      status: 400,
      message: 'logout token was already used',
    });
    expect(await t.sessions.getSession(again.id)).not.toBeNull();
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
    t.idp.verifyLogoutToken = async () => ({ iss: 'https://other.example', sid: 's1', jti: 'j', iat: 0 });
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
    expect(await handle.execute({ iss: null, sid: 's', cookieSession: null })).toBe(1);
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });

  it('counts every account signed in under the IdP session', async () => {
    const t = setup();
    await t.signIn('alice', 'shared');
    await t.signIn('bob', 'shared');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: t.idp.issuer, sid: 'shared', cookieSession: null })).toBe(2);
  });

  it('refuses iss without sid even with the cookie fallback on: a lone iss breaks the OP MUST', async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: alice.id, accountKey: alice.accountKey };
    expect(await handle.execute({ iss: t.idp.issuer, sid: null, cookieSession })).toBe(0);
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('with the cookie fallback on, a bare request without a cookie ends nothing', async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: null, sid: null, cookieSession: null })).toBe(0);
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
  });

  it("the cookie fallback ends the cookie's own session even when the registry no longer lists it", async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's');
    await t.registry.forgetAccount(alice.accountKey);
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(
      await handle.execute({ iss: null, sid: null, cookieSession: { id: alice.id, accountKey: alice.accountKey } }),
    ).toBe(1);
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });
});
