import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario } from '../scenario-world.js';

// HEAD, as a link prefetcher or a monitor sends it: it never acts on the auth routes, and gets
// the answer a GET would get everywhere else (without a body).
export const headScenarios: Scenario[] = [
  {
    name: 'HEAD: refuses HEAD on auth routes, so a prefetcher starts no sign-in and consumes no callback',
    async run(world) {
      for (const path of ['/auth/sign-in', '/auth/callback?state=0x&code=c', '/auth/signed-out']) {
        const answer = await world.browser().fetch(path, { method: 'HEAD' });
        expect(answer.status, path).toBe(405);
        expect(answer.headers.get('allow'), path).toContain('GET');
        expect(answer.headers.get('set-cookie'), path).toBeNull();
      }
      expect(world.idp.calls.authorize).toBe(0);
    },
  },
  {
    name: 'HEAD: challenges HEAD on a protected route and passes HEAD on an app route through',
    async run(world) {
      const page = await world.browser().fetch('/me', { method: 'HEAD' });
      expect(page.status).toBe(302);
      expect(locationOf(page).pathname).toBe('/auth/sign-in');
      const api = await world.browser().fetch('/me', { method: 'HEAD', accept: 'json' });
      expect(api.status).toBe(401);
      const { browser } = await world.signIn('alice');
      const me = await browser.fetch('/me', { method: 'HEAD', accept: 'json' });
      expect(me.status).toBe(200);
      expect(me.headers.get('content-type')).toContain('application/json');
    },
  },
];
