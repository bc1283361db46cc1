import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario } from '../scenario-world.js';

const OPEN_REDIRECTS = [
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  '/\t/evil.example',
  '/%0a',
  'evil',
];

export const badInputScenarios: Scenario[] = [
  {
    name: 'refuses open-redirect returnTo values before anything starts',
    async run(world) {
      for (const value of OPEN_REDIRECTS) {
        const raw = value === '/%0a' ? '/%0a' : encodeURIComponent(value);
        const response = await world.browser().fetch(`/auth/sign-in?returnTo=${value === '/%0a' ? '%2F%0A' : raw}`);
        expect(response.status, value).toBe(400);
      }
      expect(world.idp.calls.authorize).toBe(0);
      const alice = await world.signIn('alice');
      const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken, returnTo: '//evil.example' });
      expect(signOut.status).toBe(400);
    },
  },
  {
    name: 'answers malformed callbacks with 4xx, never 5xx, and opens no session',
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in');
      const params = world.idp.login(locationOf(start), 'alice');
      const state = params.get('state')!;
      const cases = [
        '',
        'code=abc',
        `state=${state}&state=${state}&code=x`,
        'state=unknown&code=x',
        `error=access_denied&error_description=${encodeURIComponent('<script>x</script>')}&state=nope`,
        `code=%ZZ&state=${'a'.repeat(5000)}`,
      ];
      for (const query of cases) {
        const response = await browser.fetch(`/auth/callback?${query}`);
        expect(response.status, query).toBeGreaterThanOrEqual(400);
        expect(response.status, query).toBeLessThan(500);
        expect(await response.text()).not.toContain('<script>x</script>');
      }
      const garbage = await browser.fetch('/auth/callback', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      expect(garbage.status).toBe(400);
      expect(browser.cookies.has('iw.session.3000')).toBe(false);
      // An IdP error for a live transaction: the transaction is consumed, nothing signed in.
      const errored = await browser.fetch(
        `/auth/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(world.idp.issuer)}`,
      );
      expect(errored.status).toBe(400);
      expect((await browser.fetch(`/auth/callback?${params}`)).status).toBe(400);
      expect(browser.cookies.has('iw.session.3000')).toBe(false);
    },
  },
  {
    name: 'passes requests outside the auth routes through untouched',
    async run(world) {
      const response = await world.browser().fetch('/public', { accept: 'json' });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { authenticated: boolean }).authenticated).toBe(false);
    },
  },
];
