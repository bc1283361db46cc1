import { TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { twoInstances } from '../support/helpers.js';
import { webApp } from '../support/web-app.js';

async function world() {
  // Two instances on shared stores: the sign-out everywhere is asked of one, felt on both.
  const { a, b, idp } = twoInstances();
  const [appA, appB] = [await webApp(a), await webApp(b)];
  const signIn = async (subject: string, sid: string) => {
    const browser = new TestBrowser(appA.fetch);
    const start = await browser.fetch('/auth/sign-in');
    await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, subject, sid)}`);
    const me = (await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } };
    const onB = new TestBrowser(appB.fetch);
    for (const [name, value] of browser.cookies) onB.cookies.set(name, value);
    const signedIn = async () =>
      ((await (await onB.fetch('/public', { accept: 'json' })).json()) as { authenticated: boolean }).authenticated;
    return { key: me.user.key, signedIn };
  };
  return { a, b, idp, signIn };
}

describe('identity.signOutUser', () => {
  it('ends every session of the user and removes the tokens on every instance; others stay', async () => {
    const { a, b, idp, signIn } = await world();
    const laptop = await signIn('alice', 'sid-laptop');
    const phone = await signIn('alice', 'sid-phone');
    const bob = await signIn('bob', 'sid-bob');
    expect(await phone.signedIn()).toBe(true); // remembered by B's session memo
    expect(await b.signOutUser({ issuer: idp.issuer, subject: 'alice' })).toBe(2);
    expect([await laptop.signedIn(), await phone.signedIn(), await bob.signedIn()]).toEqual([false, false, true]);
    expect(await a.hasAccount(laptop.key)).toBe(false);
    expect(await a.hasAccount(bob.key)).toBe(true);
    // Nothing left to end.
    expect(await a.signOutUser({ issuer: idp.issuer, subject: 'alice' })).toBe(0);
  });

  it('refuses what cannot name a user of this provider', async () => {
    const { a, idp } = await world();
    for (const bad of [undefined, 'alice', { issuer: idp.issuer }, { issuer: idp.issuer, subject: '' }]) {
      await expect(a.signOutUser(bad as never)).rejects.toMatchObject({ code: 'invalid_argument', option: 'user' });
    }
    await expect(a.signOutUser({ issuer: 'https://other.example', subject: 'alice' })).rejects.toMatchObject({
      code: 'invalid_argument',
      option: 'issuer',
    });
  });
});
