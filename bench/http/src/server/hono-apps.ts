import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { IdentityWeb } from '@identity-web/core';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { Hono } from 'hono';
import { BENCH_SCOPE, HELLO, ROUTE } from '../variants.js';
import { firstErrorLogger } from './errors.js';

/** The baseline: the route alone, on @hono/node-server. */
export function bareHono(): RequestListener {
  return getRequestListener(bareHonoApp().fetch);
}

export function bareHonoApp(): Hono {
  const app = new Hono();
  app.get(ROUTE, (c) => c.json(HELLO));
  return app;
}

/**
 * The bare route, its handler async: it awaits one resolved promise, as a route that awaits
 * `acquireToken()` on a cache hit does at the least. Hono and @hono/node-server answer a
 * handler's `Response` at once but take a slower path for a promise of one, whatever it awaits.
 */
export function asyncHono(): RequestListener {
  const app = new Hono();
  const ready = Promise.resolve();
  app.get(ROUTE, async (c) => {
    await ready;
    return c.json(HELLO);
  });
  return getRequestListener(app.fetch);
}

/**
 * The bare route behind two middlewares that only `await next()`, as many as identity-web adds
 * (`identityWeb()` and `requireAuth()`): Hono answers a route without middleware synchronously
 * and any middleware moves it to its async path, so this row shows what that alone costs.
 */
export function passThroughHono(): RequestListener {
  const app = new Hono();
  app.use(async (_c, next) => {
    await next();
  });
  app.get(
    ROUTE,
    async (_c, next) => {
      await next();
    },
    (c) => c.json(HELLO),
  );
  return getRequestListener(app.fetch);
}

/**
 * The bare route in the shape the identity-web route has, without identity-web: a middleware
 * that sets a user variable and goes on, a route middleware that goes on when there is one, an
 * async handler that reads it (`c.var`, as the identity-web route reads `c.var.auth`) and awaits
 * one resolved promise (a cache hit), and an `onError`. The middlewares are written as
 * identity-web's are: plain functions returning `next()`'s promise, resolved to nothing. What
 * Hono itself charges for that shape.
 */
export function shapedHono(variant: string): RequestListener {
  return getRequestListener(shapedHonoApp(variant).fetch);
}

export function shapedHonoApp(variant: string): Hono<{ Variables: { user: string } }> {
  const logError = firstErrorLogger(variant);
  const app = new Hono<{ Variables: { user: string } }>();
  const ready = Promise.resolve();
  const nothing = () => undefined;
  app.use((c, next) => {
    c.set('user', 'alice');
    return next().then(nothing);
  });
  app.onError((error, c) => {
    logError(error);
    return c.text('Internal Server Error', 500);
  });
  app.get(
    ROUTE,
    (c, next) => (c.get('user') === undefined ? Promise.resolve(c.text('no user', 401)) : next().then(nothing)),
    async (c) => {
      if (c.var.user === undefined) throw new Error('no user');
      await ready;
      return c.json(HELLO);
    },
  );
  return app;
}

/** The same route for signed-in users only, with a downstream token from the cache on every request. */
export function identityWebHono(identity: IdentityWeb, variant: string): RequestListener {
  return getRequestListener(identityWebHonoApp(identity, variant).fetch);
}

export function identityWebHonoApp(identity: IdentityWeb, variant: string): Hono<IdentityWebEnv> {
  const logError = firstErrorLogger(variant);
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(identity));
  app.onError(
    authErrorHandler((error, c) => {
      logError(error);
      return c.text('Internal Server Error', 500);
    }),
  );
  app.get(ROUTE, requireAuth(), async (c) => {
    await c.var.auth.acquireToken(BENCH_SCOPE);
    return c.json(HELLO);
  });
  return app;
}
