import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import { SCENARIO_API_SCOPE, type Scenario } from '../scenario-world.js';

type Body = { error?: string; user?: { roles?: string[] } };

export const authorizationScenarios: Scenario[] = [
  {
    name: 'requireAuth({ roles }): 403 for a signed-in user without the role, the challenge for no one signed in',
    async run(world) {
      world.idp.setClaims('ada', { roles: ['admin', 'ops'] });
      const ada = await world.signIn('ada');
      const allowed = await ada.browser.fetch('/admin', { accept: 'json' });
      expect(allowed.status).toBe(200);
      expect(((await allowed.json()) as Body).user?.roles).toEqual(['admin', 'ops']);

      const bob = await world.signIn('bob');
      const page = await bob.browser.fetch('/admin');
      expect(page.status).toBe(403);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('Access denied');
      const api = await bob.browser.fetch('/admin', { accept: 'json' });
      expect(api.status).toBe(403);
      expect(((await api.json()) as Body).error).toBe('forbidden');

      const anonymous = world.browser();
      const navigation = await anonymous.fetch('/admin');
      expect(navigation.status).toBe(302);
      expect(locationOf(navigation).pathname).toBe('/auth/sign-in');
      const script = await anonymous.fetch('/admin', { accept: 'json' });
      expect(script.status).toBe(401);
      expect(((await script.json()) as Body).error).toBe('not_authenticated');
    },
  },
  {
    name: 'requireAuth({ claim }): runs the check on the user claims',
    async run(world) {
      world.idp.setClaims('sam', { department: 'staff' });
      world.idp.setClaims('eve', { department: 'sales' });
      const sam = await world.signIn('sam');
      expect((await sam.browser.fetch('/staff', { accept: 'json' })).status).toBe(200);
      const eve = await world.signIn('eve');
      expect((await eve.browser.fetch('/staff', { accept: 'json' })).status).toBe(403);
    },
  },
  {
    name: 'requireAuth({ scopes }): 403 when the sign-in was not granted the scope',
    async run(world) {
      const granted = await world.signIn('gus');
      expect((await granted.browser.fetch('/granted', { accept: 'json' })).status).toBe(200);

      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?returnTo=%2Fgranted');
      const params = world.idp.login(locationOf(start), 'dee');
      world.idp.withhold('dee', SCENARIO_API_SCOPE); // declined on the consent page
      await browser.fetch(`/auth/callback?${params}`);
      const api = await browser.fetch('/granted', { accept: 'json' });
      expect(api.status).toBe(403);
      expect(((await api.json()) as Body).error).toBe('forbidden');
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200); // still signed in
    },
  },
];
