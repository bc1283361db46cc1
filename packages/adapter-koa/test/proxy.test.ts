import { afterEach, describe, expect, it } from 'vitest';
import { closeWorlds, koaWorld } from './support/app.js';

const HTTPS = { baseUrl: 'https://app.example.com' };

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

describe('identityWeb cookies and the Secure flag', () => {
  afterEach(closeWorlds);

  it('signs in behind a TLS-terminating proxy with Secure __Host- cookies', async () => {
    const world = await koaWorld({ proxy: true, headers: { 'x-forwarded-proto': 'https' } }, HTTPS);
    const start = await world.browser().fetch('/auth/sign-in');
    expect(start.status).toBe(302);
    const cookies = setCookies(start);
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) {
      expect(line).toMatch(/^__host-/);
      expect(line).toContain('; secure');
      expect(line).toContain('; httponly');
      expect(line).toContain('; path=/');
    }
    const alice = await world.signIn('alice');
    expect([...alice.browser.cookies.keys()]).toContain('__Host-iw.session');
    expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
  });

  it('still sends Secure cookies (instead of throwing) when Koa does not trust the proxy', async () => {
    const world = await koaWorld({ proxy: false }, HTTPS);
    const start = await world.browser().fetch('/auth/sign-in');
    expect(start.status).toBe(302);
    for (const line of setCookies(start)) expect(line).toContain('; secure');
    const alice = await world.signIn('alice');
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    expect(signOut.status).toBe(303);
    expect(
      setCookies(signOut).some((l) => l.startsWith('__host-iw.session=;') && l.includes('expires=thu, 01 jan 1970')),
    ).toBe(true);
  });

  it('marks cookies Secure on plain http://localhost only where the core asks (SameSite=None for form_post)', async () => {
    const world = await koaWorld();
    const lax = setCookies(await world.browser().fetch('/auth/sign-in'));
    expect(lax.length).toBeGreaterThan(0);
    for (const line of lax) {
      expect(line).toContain('samesite=lax');
      expect(line).not.toContain('; secure');
    }
    Object.assign(world.idp, { responseMode: 'form_post' });
    const none = setCookies(await world.browser().fetch('/auth/sign-in'));
    expect(none.some((l) => l.includes('samesite=none') && l.includes('; secure'))).toBe(true);
    const bob = await world.signIn('bob', { formPost: true });
    expect((await bob.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
  });

  it('turns max-age seconds into the expiry date Koa writes, and deletes cookies with a past date', async () => {
    const world = await koaWorld();
    const alice = await world.signIn('alice');
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    const session = setCookies(signOut).find((l) => l.startsWith('iw.session.3000='))!;
    expect(session).toMatch(/^iw\.session\.3000=;/);
    expect(session).toContain('expires=thu, 01 jan 1970');
    // `cookies` (Koa's jar) writes Expires only, computed from maxAge in milliseconds.
    const logoutState = setCookies(signOut).find((l) => !l.startsWith('iw.session.3000='))!;
    const expires = Date.parse(/expires=([^;]+)/.exec(logoutState)![1]!);
    expect(Math.abs(expires - (Date.now() + 600_000))).toBeLessThan(5_000);
  });
});
