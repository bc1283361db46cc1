import { locationOf } from '@identity-web/core/testing';
import Router from '@koa/router';
import { afterEach, describe, expect, it } from 'vitest';
import { type IdentityWebState, requireAuth } from '../src/index.js';
import { closeWorlds, koaWorld } from './support/app.js';

describe('identityWeb with @koa/router', () => {
  afterEach(closeWorlds);

  it('guards routes of a nested, prefixed router and shows them ctx.state.auth', async () => {
    const world = await koaWorld({
      routes: (router) => {
        const api = new Router<IdentityWebState>({ prefix: '/api' });
        api.get('/orders/:id', requireAuth(), (ctx) => {
          ctx.body = { order: ctx.params.id, owner: ctx.state.auth.user.name };
        });
        router.use(api.routes());
      },
    });
    const anonymous = world.browser();
    const page = await anonymous.fetch('/api/orders/7?view=full');
    expect(page.status).toBe(302);
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/api/orders/7?view=full');
    const api = await anonymous.fetch('/api/orders/7', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'not_authenticated', signInUrl: '/auth/sign-in' });

    const { browser } = await world.signIn('alice', { returnTo: '/api/orders/7' });
    const order = await browser.fetch('/api/orders/7', { accept: 'json' });
    expect(order.status).toBe(200);
    expect(await order.json()).toEqual({ order: '7', owner: 'alice' });
  });

  it("keeps the core's 405 and Allow on auth routes next to the router's allowedMethods()", async () => {
    const world = await koaWorld();
    const response = await world.browser().fetch('/auth/back-channel-logout', { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { error: string }).error).toBe('method_not_allowed');
  });

  it('answers paths under the base path that are not auth routes through the app (404 here)', async () => {
    const world = await koaWorld();
    expect((await world.browser().fetch('/auth/unknown')).status).toBe(404);
  });
});
