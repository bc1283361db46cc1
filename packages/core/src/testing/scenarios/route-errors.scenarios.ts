import { expect, vi } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario } from '../scenario-world.js';

// What the adapter makes of an error a route throws, through the framework's own error path:
// `GET /optional` has no requireAuth, and prepares a JSON answer before it needs a token. (A
// Next.js route handler, or the core's own Request/Response app, returns its headers with its
// answer and cannot prepare any: there the checks of what a challenge drops hold by construction.)

const WRITE = 'api://orders/write';
const NAVIGATE = { headers: { accept: 'text/html,*/*;q=0.8', 'sec-fetch-mode': 'navigate' } };

export const routeErrorScenarios: Scenario[] = [
  {
    name: 'route errors: challenges acquireToken() on a route without requireAuth when nobody is signed in',
    async run(world) {
      const api = await world.browser().fetch('/optional', { accept: 'json' });
      expect(api.status).toBe(401);
      expect(((await api.json()) as { error: string }).error).toBe('not_authenticated');
      const page = await world.browser().fetch('/optional');
      expect(page.status).toBe(302);
      expect(locationOf(page).pathname).toBe('/auth/sign-in');
      const { browser } = await world.signIn('alice');
      expect((await browser.fetch('/optional', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'route errors: answers an InteractionRequiredError with a clean challenge after the route prepared JSON',
    async run(world) {
      const { browser } = await world.signIn('alice');
      const path = `/optional?a=1&scope=${encodeURIComponent(WRITE)}`;
      const page = await browser.fetch(path);
      expect(page.status).toBe(302);
      expect(locationOf(page).pathname).toBe('/auth/sign-in');
      expect(locationOf(page).searchParams.get('scope')).toBe(WRITE);
      expect(locationOf(page).searchParams.get('returnTo')).toBe(path);
      expect(page.headers.get('content-type')).toBeNull();
      expect(await page.text()).toBe('');
      const api = await browser.fetch(path, { accept: 'json' });
      expect(api.status).toBe(401);
      expect(api.headers.get('content-type')).toContain('application/json');
      expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: [WRITE] });
    },
  },
  {
    name: 'route errors: answers a store outage after the route prepared JSON with 503, Retry-After and a page',
    async run(world) {
      const { browser } = await world.signIn('alice');
      world.clock.advance(2 * 3600_000); // the cached token expired: the token cache must be read
      world.outage.fail('tokenCacheStore');
      const api = await browser.fetch('/optional', { accept: 'json' });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect(await api.json()).toMatchObject({ error: 'store_unavailable' });
      const page = await browser.fetch('/optional', NAVIGATE);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toContain('text/html');
    },
  },
  {
    name: "route errors: leaves a failure of the session read that is not identity-web's to the app (500)",
    options: { session: { memo: false } },
    async run(world) {
      const alice = await world.signIn('alice');
      const read = vi.spyOn(world.sessions, 'getSession').mockRejectedValue(new Error('disk on fire'));
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {}); // a framework logs its 500s
      try {
        expect((await alice.browser.fetch('/public', { accept: 'json' })).status).toBe(500);
      } finally {
        read.mockRestore();
        logged.mockRestore();
      }
      expect((await alice.browser.fetch('/public', { accept: 'json' })).status).toBe(200);
    },
  },
];
