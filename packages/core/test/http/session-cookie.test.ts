import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { CookieSigner } from '../../src/crypto/cookie-signer.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { webApp } from '../support/web-app.js';

const SECRET = 'k'.repeat(32);

describe('session cookies', () => {
  async function signedInBrowser(sessionTtlSeconds = 3600) {
    const clock = new ManualClock();
    const idp = new FakeIdentityProvider(clock);
    // A store whose own clock stands still: it keeps records past their TTL, as a lagging store might.
    const sessionStore = new MemorySessionStore(new ManualClock());
    const identity = createIdentityWeb({
      stores: { sessionStore },
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: SECRET,
      clock,
      session: { ttlSeconds: sessionTtlSeconds },
    });
    const app = await webApp(identity);
    const browser = new TestBrowser(app.fetch);
    const start = await browser.fetch('/auth/sign-in');
    await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice')}`);
    const authenticated = async () =>
      ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { authenticated: boolean }).authenticated;
    return { clock, identity, browser, authenticated, sessionStore };
  }

  it('takes a cookie an adapter reads as null, or as no string at all, for none: anonymous, not a failure', async () => {
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: SECRET,
    });
    for (const read of [null, 123, ['a']]) {
      const req = {
        method: 'GET',
        path: '/',
        url: new URL('http://localhost:3000/'),
        header: () => undefined,
        cookie: () => read as unknown as string | undefined,
        readText: async () => '',
      };
      expect((await identity.http.context(req)).isAuthenticated).toBe(false);
    }
  });

  it('accepts its own cookie and rejects a tampered one', async () => {
    const { browser, authenticated } = await signedInBrowser();
    expect(await authenticated()).toBe(true);
    const value = browser.cookies.get('iw.session.3000')!;
    // Change the first character to one it is not, so the tampered value always differs.
    browser.cookies.set('iw.session.3000', `${value.startsWith('x') ? 'y' : 'x'}${value.slice(1)}`);
    expect(await authenticated()).toBe(false);
  });

  it('rejects a cookie signed with another app secret (foreign)', async () => {
    const { browser, authenticated } = await signedInBrowser();
    const id = browser.cookies.get('iw.session.3000')!.split('.')[0]!;
    browser.cookies.set('iw.session.3000', await new CookieSigner(['f'.repeat(32)]).sign('iw.session.3000', id));
    expect(await authenticated()).toBe(false);
  });

  it('rejects an expired session even if the store still holds it', async () => {
    const { clock, authenticated, sessionStore } = await signedInBrowser(60);
    clock.advance(61_000);
    expect(await sessionStore.countSessions()).toBe(1);
    expect(await authenticated()).toBe(false);
  });
});
