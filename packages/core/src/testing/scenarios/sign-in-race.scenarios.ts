import { expect } from 'vitest';
import { locationOf } from '../browser.js';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

/**
 * Makes the next `times` sign-ins of `subject` lose a race: right after each records its registry
 * entry (before its tokens and session are written), the provider's back-channel logout of the
 * account reaches the app, as a concurrent logout or an account removal would.
 */
function logoutDuringSignIns(world: ScenarioWorld, subject: string, times: number): void {
  const registry = world.registry;
  const record = registry.recordSignIn.bind(registry);
  let left = times;
  registry.recordSignIn = async (entry, ttlSeconds) => {
    const dropped = await record(entry, ttlSeconds);
    if (entry.subject === subject && left-- > 0) {
      const token = await world.idp.logoutToken({ sub: subject });
      const logout = await world.browser().post('/auth/back-channel-logout', { logout_token: token });
      expect(logout.status).toBe(200);
    }
    return dropped;
  };
}

export const signInRaceScenarios: Scenario[] = [
  {
    name: 'a sign-in overtaken by a logout of its account is started again for the user, and then completes',
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme%3Ftab%3D2');
      logoutDuringSignIns(world, 'gina', 1);
      const callback = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(start), 'gina')}`);
      // Straight back to the provider with a new sign-in: no 503 page, nothing to reload.
      expect(callback.status).toBe(302);
      const again = locationOf(callback);
      expect(`${again.origin}${again.pathname}`).toBe(`${world.idp.issuer}/authorize`);
      expect(again.searchParams.get('state')).not.toBe(locationOf(start).searchParams.get('state'));
      expect(again.searchParams.get('scope')).toBe(locationOf(start).searchParams.get('scope'));
      expect(await world.registry.findBySubject(world.idp.issuer, 'gina')).toEqual([]);
      const back = await browser.fetch(`/auth/callback?${world.idp.login(again, 'gina')}`);
      expect(back.status).toBe(302);
      expect(back.headers.get('location')).toBe('/me?tab=2');
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
  {
    name: 'a restarted sign-in overtaken again gets a 503 page with Retry-After and a sign-in link that works',
    async run(world) {
      const browser = world.browser();
      const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
      logoutDuringSignIns(world, 'hank', 2);
      const first = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(start), 'hank')}`);
      const second = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(first), 'hank')}`);
      // No third trip to the provider within the loop window: the user decides.
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('5');
      expect(second.headers.get('location')).toBeNull();
      const page = await second.text();
      const link = /<a href="([^"]+)">Sign in again<\/a>/.exec(page)?.[1]?.replaceAll('&amp;', '&');
      expect(link).toBe('/auth/sign-in?returnTo=%2Fme');
      const retry = await browser.fetch(link!);
      expect(retry.status).toBe(302);
      const back = await browser.fetch(`/auth/callback?${world.idp.login(locationOf(retry), 'hank')}`);
      expect(back.headers.get('location')).toBe('/me');
      expect((await browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    },
  },
];
