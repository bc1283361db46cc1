import formbody from '@fastify/formbody';
import { createScenarioWorld } from '@identity-web/core/testing';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { BACK_CHANNEL, FORM, formPostSignInThenBackChannelLogout } from '../../core/test/support/form-bodies.js';
import { identityWeb } from '../src/index.js';
import { closeWorlds, fastifyWorld, serve } from './support/app.js';

// Whole, chunked and oversized bodies with no parser (Fastify has no urlencoded one) are shared
// scenarios. Here, @fastify/formbody, and an app with no route at all.
describe('identityWeb request bodies', () => {
  afterEach(closeWorlds);

  it('reads form_post callbacks and logout tokens with @fastify/formbody registered by the app', async () => {
    const world = await fastifyWorld({ before: (app) => void app.register(formbody) });
    await formPostSignInThenBackChannelLogout(world);
  });

  it('answers the auth routes on an app with no route at all (Fastify’s 404 handler)', async () => {
    const world = await createScenarioWorld(async (identity) => {
      const app = Fastify();
      await app.register(identityWeb, { identity });
      return serve(app);
    });
    try {
      const start = await world.browser().fetch('/auth/sign-in');
      expect(start.status).toBe(302);
      expect(start.headers.getSetCookie().length).toBeGreaterThan(0);
      // Urlencoded POSTs reach the core (its 400s), not Fastify's 404 or 415.
      const callback = await world
        .browser()
        .fetch('/auth/callback', { method: 'POST', headers: FORM, body: 'state=x&code=y' });
      expect(callback.status).toBe(400);
      expect(await callback.text()).not.toContain('Route POST');
      const logout = await world
        .browser()
        .fetch(BACK_CHANNEL, { method: 'POST', headers: FORM, body: 'logout_token=x' });
      expect(logout.status).toBe(400);
      expect(await logout.json()).toMatchObject({ error: 'invalid_logout_token' });
      expect((await world.browser().fetch('/elsewhere')).status).toBe(404);
    } finally {
      await world.close();
    }
  });
});
