import { describe, expect, it } from 'vitest';
import { HandleBackChannelLogout } from '../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../src/use-cases/handle-front-channel-logout.js';
import { setup } from './helpers.js';

describe('HandleFrontChannelLogout', () => {
  it('with no cookie at all ends exactly the sessions with that iss + sid', async () => {
    const t = setup();
    const a1 = await t.signIn('alice', 'shared-sid');
    const a2 = await t.signIn('alice', 'other-sid');
    const b = await t.signIn('bob', 'bob-sid');
    const ended = await t.container
      .resolve(HandleFrontChannelLogout)
      .execute({ iss: t.idp.issuer, sid: 'shared-sid', cookieSessionId: null });
    expect(ended.map((s) => s.id)).toEqual([a1.id]);
    expect(await t.sessions.getSession(a1.id)).toBeNull();
    expect(await t.sessions.getSession(a2.id)).not.toBeNull();
    expect(await t.sessions.getSession(b.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(a1.accountKey)).toBeNull();
  });

  it('ignores a foreign issuer, a lone iss, and (when sessions are required) a bare request', async () => {
    const t = setup({ frontChannelLogout: { sessionRequired: true } });
    const a = await t.signIn('alice', 's');
    const handle = t.container.resolve(HandleFrontChannelLogout);
    expect(await handle.execute({ iss: 'https://evil.test', sid: 's', cookieSessionId: null })).toEqual([]);
    expect(await handle.execute({ iss: t.idp.issuer, sid: null, cookieSessionId: a.id })).toEqual([]);
    expect(await handle.execute({ iss: null, sid: null, cookieSessionId: a.id })).toEqual([]);
    expect(await t.sessions.getSession(a.id)).not.toBeNull();
  });
});

describe('HandleBackChannelLogout', () => {
  it('changes nothing for a logout token whose jti was already seen', async () => {
    const t = setup();
    await t.signIn('alice', 's1');
    const handle = t.container.resolve(HandleBackChannelLogout);
    const token = await t.idp.logoutToken({ sid: 's1', jti: 'once' });
    expect(await handle.execute(token)).toBe(1);
    const again = await t.signIn('alice', 's1');
    await expect(handle.execute(token)).rejects.toMatchObject({ code: 'logout_token_replayed', status: 400 });
    expect(await t.sessions.getSession(again.id)).not.toBeNull();
    expect(await t.tokenCache.getPartition(again.accountKey)).not.toBeNull();
  });

  it('ends no session whose subject differs from the token sub', async () => {
    const t = setup();
    const a = await t.signIn('alice', 's1');
    const handle = t.container.resolve(HandleBackChannelLogout);
    expect(await handle.execute(await t.idp.logoutToken({ sid: 's1', sub: 'mallory' }))).toBe(0);
    expect(await t.sessions.getSession(a.id)).not.toBeNull();
  });

  it('answers an unknown sid with success (already logged out)', async () => {
    const t = setup();
    const handle = t.container.resolve(HandleBackChannelLogout);
    expect(await handle.execute(await t.idp.logoutToken({ sid: 'gone' }))).toBe(0);
  });
});
