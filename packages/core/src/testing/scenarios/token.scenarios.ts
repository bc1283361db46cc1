import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import { SCENARIO_API_SCOPE, type Scenario } from '../scenario-world.js';

export const tokenScenarios: Scenario[] = [
  {
    name: 'acquires a token once and serves the next call from the cache',
    async run(world) {
      const { browser } = await world.signIn('alice');
      const first = await browser.fetch('/call-api', { accept: 'json' });
      expect(first.status).toBe(200);
      const { accessToken } = (await first.json()) as { accessToken: string };
      expect(accessToken).toContain('at.alice.');
      const second = (await (await browser.fetch('/call-api', { accept: 'json' })).json()) as { accessToken: string };
      expect(second.accessToken).toBe(accessToken);
      expect(world.idp.calls.refresh).toBe(1);
    },
  },
  {
    name: 'turns a missing consent into an incremental-consent challenge',
    async run(world) {
      const { browser } = await world.signIn('bob');
      const scope = 'api://other/write';
      const page = await browser.fetch(`/call-api?scope=${encodeURIComponent(scope)}`);
      expect(page.status).toBe(302);
      const target = locationOf(page);
      expect(target.pathname).toBe('/auth/sign-in');
      expect(target.searchParams.get('scope')).toBe(scope);
      expect(target.searchParams.get('returnTo')).toBe(`/call-api?scope=${encodeURIComponent(scope)}`);
      const api = await browser.fetch(`/call-api?scope=${encodeURIComponent(scope)}`, { accept: 'json' });
      expect(api.status).toBe(401);
      const body = (await api.json()) as { error: string; scopes: string[] };
      expect(body.error).toBe('interaction_required');
      expect(body.scopes).toEqual([scope]);
      // Following the challenge grants the scope and lands back on the API call.
      const again = await browser.fetch(`${target.pathname}${target.search}`);
      const back = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(again), 'bob', 'sid-bob')}`);
      const retry = await browser.fetch(back.headers.get('location')!, { accept: 'json' });
      expect(retry.status).toBe(200);
      expect(SCENARIO_API_SCOPE).not.toBe(scope);
    },
  },
  {
    name: 'stops with 403 instead of looping when a fresh sign-in did not grant the scope',
    async run(world) {
      const { browser } = await world.signIn('carol');
      const scope = 'api://never/granted';
      const challenge = await browser.fetch(`/call-api?scope=${encodeURIComponent(scope)}`);
      const signIn = await browser.fetch(`${locationOf(challenge).pathname}${locationOf(challenge).search}`);
      const params = world.idp.login(locationOf(signIn), 'carol', 'sid-carol');
      world.idp.withhold('carol', scope); // the user declines that scope at the IdP
      const back = await browser.fetch(`/auth/callback?${params}`);
      const page = await browser.fetch(back.headers.get('location')!);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain(scope);
      const api = await browser.fetch(`/call-api?scope=${encodeURIComponent(scope)}`, { accept: 'json' });
      expect(api.status).toBe(403);
      expect(((await api.json()) as { error: string }).error).toBe('consent_not_granted');
      // Later (outside the loop window) the challenge is offered again.
      world.clock.advance(3 * 60_000);
      expect((await browser.fetch(`/call-api?scope=${encodeURIComponent(scope)}`)).status).toBe(302);
    },
  },
  {
    name: 'a grant revoked right after sign-in is reported with its own reason, not as a refused consent',
    async run(world) {
      const { browser } = await world.signIn('dora');
      world.idp.revokeRefreshTokens('dora'); // the grant dies at the IdP (an admin, a reuse detection)
      const api = await browser.fetch('/call-api', { accept: 'json' });
      expect(api.status).toBe(403);
      const body = (await api.json()) as { error: string; error_description: string };
      expect(body.error).toBe('sign_in_loop');
      expect(body.error_description).toContain('invalid_grant');
      // Outside the loop window the challenge is offered again: a new sign-in gets a new grant.
      world.clock.advance(3 * 60_000);
      expect((await browser.fetch('/call-api', { accept: 'json' })).status).toBe(401);
    },
  },
];
