import { describe, expect, it } from 'vitest';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { setup } from '../support/helpers.js';

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
