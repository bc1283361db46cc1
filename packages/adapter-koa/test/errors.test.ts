import { IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import { describeStoreOutageScenarios, type ScenarioWorld } from '@identity-web/core/testing';
import Koa, { type Middleware } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectMiddlewareOptionsRefused,
  expectRequireAuthAloneFails,
  itRefusesBadRequireAuthOptions,
} from '../../core/test/support/adapter-misuse.js';
import { identityWeb, requireAuth } from '../src/index.js';
import { closeWorlds, koaScenarioApp, koaWorld, serve } from './support/app.js';

describe('identityWeb error handling', () => {
  let caught: unknown[];
  afterEach(closeWorlds);

  /** The app's own outermost error handler, recording what reaches it. */
  const errorHandler: Middleware = async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      caught.push(error);
      if (ctx.headerSent) return void ctx.res.end();
      ctx.status = (error as { status?: number }).status ?? 500;
      ctx.body = { handledBy: 'app' };
    }
  };

  /** An app whose `GET /throws` runs `prepare`, then throws `error`. */
  function worldThrowing(error: unknown, prepare?: Middleware): Promise<ScenarioWorld> {
    caught = [];
    return koaWorld({
      before: [errorHandler],
      routes: (router) =>
        router.get('/throws', async (ctx, next) => {
          await prepare?.(ctx, next);
          throw error;
        }),
    });
  }

  it('lets an error that is not ours reach the app untouched', async () => {
    const boom = Object.assign(new Error('boom'), { status: 418, expose: true });
    const world = await worldThrowing(boom);
    const response = await world.browser().fetch('/throws');
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ handledBy: 'app' });
    expect(caught).toHaveLength(1);
    expect(caught[0]).toBe(boom);
  });

  it('answers an identity-web 503 itself, with Retry-After, before an outer error handler', async () => {
    const error = new IdentityWebError('idp_unavailable', 'the provider is down');
    const world = await worldThrowing(error);
    const page = await world.browser().fetch('/throws');
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    const api = await world.browser().fetch('/throws', { accept: 'json' });
    expect(await api.json()).toMatchObject({ error: 'idp_unavailable' });
    expect(caught).toEqual([]);
  });

  it('lets an error handler mounted after identityWeb take an identity-web error first', async () => {
    const error = new IdentityWebError('store_unavailable', 'redis is down');
    caught = [];
    const world = await koaWorld({
      routes: (router) =>
        router.get('/throws', errorHandler, async () => {
          throw error;
        }),
    });
    const response = await world.browser().fetch('/throws', { accept: 'json' });
    expect(await response.json()).toEqual({ handledBy: 'app' });
    expect(caught).toEqual([error]);
  });

  it("lets the app's own ctx.throw with an identity-web-like code reach the app", async () => {
    caught = [];
    const world = await koaWorld({
      before: [errorHandler],
      routes: (router) =>
        router.get('/throws', (ctx) => ctx.throw(400, 'quantity must be positive', { code: 'invalid_request' })),
    });
    expect(await (await world.browser().fetch('/throws', { accept: 'json' })).json()).toEqual({ handledBy: 'app' });
    expect(caught).toHaveLength(1);
  });

  it('leaves an identity-web 500 (a programming error) to the app', async () => {
    const error = new IdentityWebError('invalid_argument', 'wrong call');
    const world = await worldThrowing(error);
    expect(await (await world.browser().fetch('/throws', { accept: 'json' })).json()).toEqual({ handledBy: 'app' });
    expect(caught).toEqual([error]);
  });

  // The challenge's status, location and clean headers after a route prepared its answer are a
  // shared scenario (route errors); here, that Koa answers it before the app's error handler.
  it('answers an InteractionRequiredError itself, before an outer error handler', async () => {
    const consent = new InteractionRequiredError('consent needed', { scopes: ['api://orders/write'] });
    const world = await worldThrowing(consent);
    expect((await world.browser().fetch('/throws')).status).toBe(302);
    const api = await world.browser().fetch('/throws', { accept: 'json' });
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: ['api://orders/write'] });
    expect(caught).toEqual([]);
  });

  it('does not turn an error into a challenge once the response has started', async () => {
    const consent = new InteractionRequiredError('consent needed', { scopes: ['api://orders/write'] });
    const world = await worldThrowing(consent, async (ctx) => {
      ctx.status = 200;
      ctx.res.flushHeaders();
    });
    expect((await world.browser().fetch('/throws')).status).toBe(200);
    expect(caught).toHaveLength(1);
    expect(caught[0]).toBe(consent);
  });

  itRefusesBadRequireAuthOptions(requireAuth);

  it('fails loudly when requireAuth() runs without identityWeb()', async () => {
    caught = [];
    const app = new Koa();
    app.use(errorHandler).use(requireAuth());
    const served = await serve(app);
    await expectRequireAuthAloneFails(served, caught, 'app.use(identityWeb(identity)) ahead of the routes');
  });

  it('rejects, never throws, when requireAuth() is called outside a compose without identityWeb()', async () => {
    let thrown: unknown;
    let result: unknown;
    try {
      result = requireAuth()({ state: {} } as never, async () => {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toMatchObject({ code: 'invalid_argument', option: 'requireAuth' });
  });

  it('maps a next() that throws synchronously, as await next() did', async () => {
    const world = await koaWorld();
    const middleware = identityWeb(world.identity);
    const ctx = { state: {}, originalUrl: '/orders', req: { method: 'GET', headers: { accept: 'application/json' } } };
    const failing = () => {
      throw new Error('not ours');
    };
    let thrown: unknown;
    let result: unknown;
    try {
      result = middleware(ctx as never, failing as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    await expect(result).rejects.toThrow('not ours');
  });

  it('refuses something other than an identity-web instance at creation', () => {
    expect(() => identityWeb({} as never)).toThrow(
      expect.objectContaining({ name: 'IdentityWebError', code: 'invalid_argument', option: 'identity' }),
    );
    expect(() => identityWeb(undefined as never)).toThrow(/createIdentityWeb/);
  });

  it('refuses options, which belong to createIdentityWeb()', () => {
    expectMiddlewareOptionsRefused(identityWeb);
  });
});

/** The app's own outermost error handler, answering every error with a 500 whatever its status. */
const answers500: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch {
    ctx.status = 500;
    ctx.body = { error: 'internal' };
  }
};
describeStoreOutageScenarios('koa, under an error handler that answers 500', koaScenarioApp({ before: [answers500] }));
