import type { RequestListener } from 'node:http';
import type { IdentityWeb } from '@identity-web/core';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import Router from '@koa/router';
import Koa from 'koa';
import { BENCH_SCOPE, HELLO, ROUTE } from '../variants.js';
import { firstErrorLogger } from './errors.js';

/** The baseline: the route alone. */
export function bareKoa(): RequestListener {
  return listen(bareKoaApp(), 'koa-bare');
}

export function bareKoaApp(): Koa {
  const router = new Router();
  router.get(ROUTE, (ctx) => {
    ctx.body = HELLO;
  });
  const app = new Koa();
  app.use(router.routes());
  return app;
}

/**
 * The bare route in the shape the identity-web route has, without identity-web: a middleware
 * before the router that puts a user in `ctx.state`, a route middleware that lets the request on
 * when there is one, and an async handler that reads it and awaits one resolved promise (a cache
 * hit). What Koa and its router themselves charge for that shape.
 */
export function shapedKoa(variant: string): RequestListener {
  return listen(shapedKoaApp(), variant);
}

export function shapedKoaApp(): Koa<{ user?: string }> {
  const router = new Router<{ user?: string }>();
  const ready = Promise.resolve();
  router.get(
    ROUTE,
    (ctx, next) => (ctx.state.user === undefined ? undefined : next()),
    async (ctx) => {
      if (ctx.state.user === undefined) throw new Error('no user');
      await ready;
      ctx.body = HELLO;
    },
  );
  const app = new Koa<{ user?: string }>();
  app.use((ctx, next) => {
    ctx.state.user = 'alice';
    return next();
  });
  app.use(router.routes());
  return app;
}

/** The same route for signed-in users only, with a downstream token from the cache on every request. */
export function identityWebKoa(identity: IdentityWeb, variant: string): RequestListener {
  return listen(identityWebKoaApp(identity), variant);
}

export function identityWebKoaApp(identity: IdentityWeb): Koa<IdentityWebState> {
  const router = new Router<IdentityWebState>();
  router.get(ROUTE, requireAuth(), async (ctx) => {
    await ctx.state.auth.acquireToken(BENCH_SCOPE);
    ctx.body = HELLO;
  });
  const app = new Koa<IdentityWebState>();
  app.use(identityWeb(identity));
  app.use(router.routes());
  return app;
}

export function listen<S>(app: Koa<S>, variant: string): RequestListener {
  app.on('error', firstErrorLogger(variant));
  return app.callback();
}
