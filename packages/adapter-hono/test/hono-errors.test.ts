import { IdentityWebError } from '@identity-web/core';
import { describeStoreOutageScenarios, locationOf } from '@identity-web/core/testing';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { Context, type ErrorHandler, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeErrorScenarios } from '../../core/src/testing/scenarios/route-errors.scenarios.js';
import { describeScenarioGroup } from '../../core/test/support/scenario-group.js';
import { closeWorld, consentRequired, NEEDS_CONSENT, scenarioWorld, worldWith } from './hono-world.js';
import { requestOf, scenarioHono } from './scenario-app.js';

afterEach(() => {
  closeWorld();
  vi.restoreAllMocks();
});

// The challenge and the 503 of a route's error, and the challenge of an unguarded acquireToken(),
// are shared scenarios (route errors) on an app with authErrorHandler(); here they run again on
// an app with no onError, where the middleware answers them past Hono's own handler.
describeScenarioGroup('hono without an onError', routeErrorScenarios, async (identity) => ({
  fetch: requestOf(scenarioHono(identity, null)),
}));

describe('identity-web errors with a status, thrown by the app', () => {
  const down = () => new IdentityWebError('store_unavailable', 'identity-web redis: getPartition failed');

  it('lets an onError that clears c.error take it first', async () => {
    const w = await worldWith((app) => {
      app.get('/orders', async () => {
        throw down();
      });
      app.onError((_err, c) => {
        c.error = undefined; // handled here: identityWeb() leaves the answer alone
        return c.json({ handledBy: 'app' }, 503);
      });
    });
    const api = await w.browser().fetch('/orders', { accept: 'json' });
    expect(await api.json()).toEqual({ handledBy: 'app' });
  });
});

describe('challenges for errors thrown downstream', () => {
  const ordersRoute = (app: Hono<IdentityWebEnv>) =>
    app.get('/orders', requireAuth(), async (c) => {
      await c.var.auth.acquireToken(NEEDS_CONSENT);
      return c.text('unreachable');
    });

  it('turns InteractionRequiredError from a plain handler into the challenge, with no onError set', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith(ordersRoute);
    const alice = await w.signIn('alice');
    const page = await alice.browser.fetch('/orders?page=2');
    expect(page.status).toBe(302);
    expect(locationOf(page).pathname).toBe('/auth/sign-in');
    expect(locationOf(page).searchParams.get('scope')).toBe(NEEDS_CONSENT);
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/orders?page=2');
    const api = await alice.browser.fetch('/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: [NEEDS_CONSENT] });
    // Hono's default onError still logs it first: the reason authErrorHandler() exists.
    expect(logged).toHaveBeenCalled();
  });

  it('answers for a route group mounted with app.route()', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) => {
      const api = new Hono<IdentityWebEnv>();
      api.use(requireAuth());
      api.get('/orders', async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
      app.route('/api', api);
    });
    expect((await w.browser().fetch('/api/orders', { accept: 'json' })).status).toBe(401);
    const alice = await w.signIn('alice');
    const page = await alice.browser.fetch('/api/orders');
    expect(page.status).toBe(302);
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/api/orders');
  });

  it('overrides a sub-app onError answer: the challenge status, body, type and cache policy win', async () => {
    const w = await worldWith((app) => {
      const api = new Hono<IdentityWebEnv>();
      api.onError((_err, c) => c.text('sub-app failed', 500, { 'cache-control': 'public, max-age=600' }));
      api.get('/orders', async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
      app.route('/api', api);
    });
    const alice = await w.signIn('alice');
    const api = await alice.browser.fetch('/api/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-type')).toBe('application/json');
    expect(await api.json()).toMatchObject({ error: 'interaction_required' });
  });

  it.each([
    ['without an onError', false],
    ['with authErrorHandler()', true],
  ])('keeps headers prepared by outer middleware and clears c.error once handled (%s)', async (_, withHandler) => {
    const seen: unknown[] = [];
    const world = await scenarioWorld(async (identity) => {
      const app = new Hono<IdentityWebEnv>();
      app.use(async (c, next) => {
        c.header('x-request-id', 'r-42');
        await next();
        seen.push(c.error);
      });
      app.use(identityWeb(identity));
      if (withHandler) app.onError(authErrorHandler());
      app.get('/public', (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
      app.get('/orders', async () => {
        throw consentRequired();
      });
      app.get('/boom', () => {
        throw new Error('boom');
      });
      return { fetch: requestOf(app) };
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const page = await world.browser().fetch('/orders');
    expect(page.status).toBe(302);
    expect(page.headers.get('x-request-id')).toBe('r-42');
    expect(page.headers.get('content-type')).toBeNull();
    expect(seen[0]).toBeUndefined();
    expect((await world.browser().fetch('/boom')).status).toBe(500);
    expect(seen[1]).toEqual(new Error('boom'));
  });

  it('answers an error thrown past a compose that caught nothing', async () => {
    const w = await worldWith(() => {});
    const middleware = identityWeb(w.identity);
    const c = new Context(new Request('http://localhost:3000/orders', { headers: { accept: 'application/json' } }));
    const response = await middleware(c as never, async () => {
      throw consentRequired();
    });
    expect(response?.status).toBe(401);
    await expect(
      middleware(new Context(new Request('http://localhost:3000/x')) as never, async () => {
        throw new Error('not ours');
      }),
    ).rejects.toThrow('not ours');
  });
});

describe('authErrorHandler()', () => {
  const routes = (app: Hono<IdentityWebEnv>, fallback?: ErrorHandler<IdentityWebEnv>) => {
    app.onError(authErrorHandler(fallback));
    app.get('/orders', requireAuth(), async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
  };

  it('answers interaction-required with the challenge; the fallback and the log never see it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fallback = vi.fn((_err: Error, c: Context) => c.text('fallback', 500));
    const w = await worldWith((app) => routes(app, fallback));
    const alice = await w.signIn('alice');
    const api = await alice.browser.fetch('/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: [NEEDS_CONSENT] });
    expect(fallback).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
    const boom = await alice.browser.fetch('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('fallback');
    expect(fallback).toHaveBeenCalledOnce();
  });

  it("falls back to Hono's own behaviour: HTTPException responses, else a logged 500", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) => routes(app));
    const teapot = await w.browser().fetch('/teapot');
    expect(teapot.status).toBe(418);
    expect(await teapot.text()).toBe('short and stout');
    const boom = await w.browser().fetch('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('Internal Server Error');
    expect(logged).toHaveBeenCalledOnce();
  });

  it('hands the error to the fallback when identityWeb() never ran for the request', async () => {
    const app = new Hono();
    app.onError(authErrorHandler((_err, c) => c.text('fallback', 503)));
    app.get('/x', () => {
      throw consentRequired();
    });
    expect((await app.request('/x')).status).toBe(503);
  });
});

describeStoreOutageScenarios('hono, under an onError that answers 500', async (identity) => ({
  fetch: requestOf(scenarioHono(identity, (_error, c) => c.json({ error: 'internal' }, 500))),
}));

describe('the middleware as an async function answered', () => {
  it('a handler behind requireAuth() that returns no response gets Hono’s 500, not the context as a response', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) =>
      // A handler that forgets to return a response (as plain JavaScript lets it): typed apart.
      app.get('/orders', requireAuth(), ((c: Context) => {
        c.header('x-seen', '1');
      }) as never),
    );
    const alice = await w.signIn('alice');
    const response = await alice.browser.fetch('/orders', { accept: 'json' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(500);
  });

  it('rejects, never throws, when called outside a compose without identityWeb() first', async () => {
    const c = new Context(new Request('http://localhost:3000/orders'));
    let thrown: unknown;
    let result: Promise<unknown> | undefined;
    try {
      result = requireAuth()(c as never, async () => {}) as Promise<unknown>;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toThrow(/needs the identityWeb\(\) middleware before it/);
  });
});
