import { locationOf, type ScenarioWorld } from '@identity-web/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeWorlds, fastifyWorld } from './support/app.js';

describe('identityWeb HEAD requests', () => {
  let world: ScenarioWorld;
  beforeEach(async () => {
    world = await fastifyWorld();
  });
  afterEach(closeWorlds);

  it('refuses HEAD on auth routes: a prefetcher starts no sign-in and consumes no callback', async () => {
    for (const path of ['/auth/sign-in', '/auth/callback?state=0x&code=c', '/auth/signed-out']) {
      const browser = world.browser();
      const answer = await browser.fetch(path, { method: 'HEAD' });
      expect(answer.status, path).toBe(405);
      expect(answer.headers.get('allow'), path).toContain('GET');
      expect(answer.headers.get('set-cookie'), path).toBeNull();
    }
  });

  it('challenges HEAD on a protected route and passes HEAD on an app route through', async () => {
    const page = await world.browser().fetch('/me', { method: 'HEAD' });
    expect(page.status).toBe(302);
    expect(locationOf(page).pathname).toBe('/auth/sign-in');
    const api = await world.browser().fetch('/me', { method: 'HEAD', accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.text()).toBe('');
    const { browser } = await world.signIn('alice');
    const me = await browser.fetch('/me', { method: 'HEAD', accept: 'json' });
    expect(me.status).toBe(200);
    expect(me.headers.get('content-type')).toContain('application/json');
  });
});
