import { describe, expect, it } from 'vitest';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { setup } from '../support/helpers.js';

describe('HandleFrontChannelLogout', () => {
  it('with no cookie at all removes the account signed in under that iss + sid, and its sessions', async () => {
    const t = setup();
    const a1 = await t.signIn('alice', 'shared-sid');
    const a2 = await t.signIn('alice', 'other-sid');
    const b = await t.signIn('bob', 'bob-sid');
    const removed = await t.container
      .resolve(HandleFrontChannelLogout)
      .execute({ iss: [t.idp.issuer], sid: ['shared-sid'], cookieSession: null });
    expect(removed).toEqual({ removed: 1 });
    expect(await t.tokenCache.getPartition(a1.accountKey)).toBeNull();
    // The account's tokens are gone, so every session signed in with them ends too.
    expect(await t.sessions.getSession(a1.id)).toBeNull();
    expect(await t.sessions.getSession(a2.id)).toBeNull();
    expect(await t.sessions.getSession(b.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(b.accountKey)).not.toBeNull();
  });

  it('with a single provider, ignores "provider" parameters, however many', async () => {
    const t = setup();
    const a = await t.signIn('alice', 's');
    const outcome = await t.container
      .resolve(HandleFrontChannelLogout)
      .execute({ iss: [t.idp.issuer], sid: ['s'], provider: ['a', 'b'], cookieSession: null });
    expect(outcome).toEqual({ removed: 1 });
    expect(await t.sessions.getSession(a.id)).toBeNull();
  });

  it('ignores a foreign issuer, a lone iss, and a bare request (no cookie-only fallback by default)', async () => {
    const t = setup();
    const a = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: a.id, accountKey: a.accountKey };
    expect(await handle.execute({ iss: ['https://evil.test'], sid: ['s'], cookieSession: null })).toEqual({
      refused: 'wrong_issuer',
    });
    expect(await handle.execute({ iss: [t.idp.issuer], sid: [], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await handle.execute({ iss: [], sid: [], cookieSession })).toEqual({ refused: 'no_session_named' });
    // A repeated parameter is as malformed as a missing one.
    expect(await handle.execute({ iss: [t.idp.issuer, t.idp.issuer], sid: ['s'], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await handle.execute({ iss: [t.idp.issuer], sid: ['s', 's'], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await t.sessions.getSession(a.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(a.accountKey)).not.toBeNull();
  });

  it("ends the cookie's session on a bare request only when cookieFallback is on", async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const a = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: a.id, accountKey: a.accountKey };
    expect(await handle.execute({ iss: [t.idp.issuer], sid: [], cookieSession })).toEqual({
      refused: 'invalid_request',
    });
    expect(await handle.execute({ iss: [], sid: [], cookieSession: null })).toEqual({ refused: 'no_session_named' });
    expect(await handle.execute({ iss: [], sid: [], cookieSession })).toEqual({ removed: 1 });
    expect(await t.sessions.getSession(a.id)).toBeNull();
    expect(await t.tokenCache.getPartition(a.accountKey)).toBeNull();
  });

  it('a logout naming another issuer ends nothing, even when a shared registry knows that (iss, sid)', async () => {
    const t = setup();
    const alice = await t.signIn('alice', 's');
    // The registry is shared with an app of another IdP, whose sign-in used the same sid.
    await t.registry.recordSignIn(
      { issuer: 'https://evil.test', subject: 'alice', sid: 's', accountKey: alice.accountKey, sessionId: alice.id },
      600,
    );
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: ['https://evil.test'], sid: ['s'], cookieSession: null })).toEqual({
      refused: 'wrong_issuer',
    });
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
    expect(await t.registry.findBySid('https://evil.test', 's')).toHaveLength(1);
  });

  it('reports every removal it makes as a front-channel one, by sid and by the cookie fallback', async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const alice = await t.signIn('alice', 's1');
    const bob = await t.signIn('bob', 's2');
    const seen: string[] = [];
    t.identity.on('accountRemoved', (e) => {
      seen.push(`account ${e.accountKey} ${e.reason}`);
    });
    t.identity.on('sessionEnded', (e) => {
      seen.push(`session ${e.sessionId} ${e.reason}`);
    });
    const handle = t.container.resolve(HandleFrontChannelLogout);
    await handle.execute({ iss: [t.idp.issuer], sid: ['s1'], cookieSession: null });
    await handle.execute({ iss: [], sid: [], cookieSession: { id: bob.id, accountKey: bob.accountKey } });
    expect(seen).toEqual([
      `account ${alice.accountKey} front-channel`,
      `session ${alice.id} front-channel`,
      `account ${bob.accountKey} front-channel`,
      `session ${bob.id} front-channel`,
    ]);
  });
});
