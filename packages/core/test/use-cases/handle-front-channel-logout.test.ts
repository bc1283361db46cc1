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
      .execute({ iss: t.idp.issuer, sid: 'shared-sid', cookieSession: null });
    expect(removed).toBe(1);
    expect(await t.tokenCache.getPartition(a1.accountKey)).toBeNull();
    // The account's tokens are gone, so every session signed in with them ends too.
    expect(await t.sessions.getSession(a1.id)).toBeNull();
    expect(await t.sessions.getSession(a2.id)).toBeNull();
    expect(await t.sessions.getSession(b.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(b.accountKey)).not.toBeNull();
  });

  it('ignores a foreign issuer, a lone iss, and a bare request (no cookie-only fallback by default)', async () => {
    const t = setup();
    const a = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: a.id, accountKey: a.accountKey };
    expect(await handle.execute({ iss: 'https://evil.test', sid: 's', cookieSession: null })).toBe(0);
    expect(await handle.execute({ iss: t.idp.issuer, sid: null, cookieSession })).toBe(0);
    expect(await handle.execute({ iss: null, sid: null, cookieSession })).toBe(0);
    expect(await t.sessions.getSession(a.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(a.accountKey)).not.toBeNull();
  });

  it("ends the cookie's session on a bare request only when cookieFallback is on", async () => {
    const t = setup({ frontChannelLogout: { cookieFallback: true } });
    const a = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    const cookieSession = { id: a.id, accountKey: a.accountKey };
    expect(await handle.execute({ iss: t.idp.issuer, sid: null, cookieSession })).toBe(0);
    expect(await handle.execute({ iss: null, sid: null, cookieSession })).toBe(1);
    expect(await t.sessions.getSession(a.id)).toBeNull();
    expect(await t.tokenCache.getPartition(a.accountKey)).toBeNull();
  });
});
