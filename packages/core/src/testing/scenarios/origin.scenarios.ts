import { expect } from 'vitest';
import { locationOf, TestBrowser } from '../browser.js';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

// The app's origin is `baseUrl`, never the request's: behind a TLS-terminating proxy (which the
// framework may or may not be told to trust) and on plain http://localhost alike. An adapter's
// suite runs these again with its framework trusting the proxy.

const HTTPS = 'https://app.example.com';
/** What a proxy in front sends, one that a forged request got past: https, and another host. */
const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };

/** From now on, every browser of the world sends its requests through the proxy. */
function behindProxy(world: ScenarioWorld): void {
  world.browser = () =>
    new TestBrowser((path, init = {}) => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(FORWARDED)) headers.set(name, value);
      return world.app.fetch(path, { ...init, headers });
    });
}

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

export const originScenarios: Scenario[] = [
  {
    name: 'origin: signs in behind a TLS-terminating proxy with Secure __Host- cookies and redirect URIs on baseUrl',
    options: { baseUrl: HTTPS },
    async run(world) {
      behindProxy(world);
      const start = await world.browser().fetch('/auth/sign-in');
      expect(start.status).toBe(302);
      expect(locationOf(start).searchParams.get('redirect_uri')).toBe(`${HTTPS}/auth/callback`);
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
      const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken }, { origin: HTTPS });
      expect(signOut.status).toBe(303);
      const session = setCookies(signOut).find((line) => line.startsWith('__host-iw.session='));
      expect(session).toMatch(/^__host-iw\.session=;.*(max-age=0|expires=thu, 01 jan 1970)/);
    },
  },
  {
    name: 'origin: builds redirect URIs on baseUrl, never on X-Forwarded-Host or X-Forwarded-Proto',
    async run(world) {
      behindProxy(world);
      const start = await world.browser().fetch('/auth/sign-in');
      const redirectUri = new URL(locationOf(start).searchParams.get('redirect_uri')!);
      expect(redirectUri.href).toBe('http://localhost:3000/auth/callback');
      const alice = await world.signIn('alice');
      expect([...alice.browser.cookies.keys()]).toContain('iw.session.3000');
    },
  },
  {
    name: 'origin: marks cookies Secure on plain http://localhost only where the core asks (SameSite=None for form_post)',
    async run(world) {
      const lax = setCookies(await world.browser().fetch('/auth/sign-in'));
      expect(lax.length).toBeGreaterThan(0);
      for (const line of lax) {
        expect(line).toContain('samesite=lax');
        expect(line).not.toContain('; secure');
      }
      world.idp.responseMode = 'form_post';
      const none = setCookies(await world.browser().fetch('/auth/sign-in'));
      expect(none.some((l) => l.includes('samesite=none') && l.includes('; secure'))).toBe(true);
      const bob = await world.signIn('bob', { formPost: true });
      expect((await bob.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
];
