import { locationOf, type ScenarioWorld } from '@identity-web/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeWorlds, koaWorld } from './support/app.js';

describe('identityWeb HEAD requests', () => {
  let world: ScenarioWorld;
  beforeEach(async () => {
    world = await koaWorld();
  });
  afterEach(closeWorlds);

  it('answers HEAD on auth routes like GET, without a body', async () => {
    const start = await world.browser().fetch('/auth/sign-in', { method: 'HEAD' });
    expect(start.status).toBe(302);
    expect(locationOf(start).origin).toBe(world.idp.issuer);
    const signedOut = await world.browser().fetch('/auth/signed-out', { method: 'HEAD' });
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers.get('content-type')).toContain('text/html');
    expect(Number(signedOut.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await signedOut.text()).toBe('');
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
