import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { IdentityWeb } from '@identity-web/core';
import { SCENARIO_API_SCOPE, SCENARIO_GUARDS, type ScenarioAppFactory } from '@identity-web/core/testing';
import Router from '@koa/router';
import Koa, { type Middleware, type ParameterizedContext } from 'koa';
import { type ServedApp, send, serveNode } from '../../../core/test/support/node-http-app.js';
import { worldPool } from '../../../core/test/support/world-pool.js';
import { type IdentityWebState, identityWeb, requireAuth } from '../../src/index.js';

export { type ServedApp, send };

/** Starts a Koa app on 127.0.0.1 (see serveNode). */
export function serve(app: Koa, headers: Record<string, string> = {}): Promise<ServedApp> {
  return serveNode(app.callback(), headers);
}

export interface KoaAppOptions {
  /** The Koa class: Koa 3 by default, `koa2` for Koa 2. */
  koa?: typeof Koa;
  /** Mount the scenario routes with @koa/router (default) or by hand on plain Koa. */
  router?: boolean;
  /** Middleware mounted before `identityWeb` (error handlers, body parsers). */
  before?: Middleware[];
  /** Extra routes on the router, mounted after `identityWeb`. */
  routes?: (router: Router<IdentityWebState>) => void;
  proxy?: boolean;
  /** Headers added to every request (what a proxy in front would send). */
  headers?: Record<string, string>;
}

type Ctx = ParameterizedContext<IdentityWebState>;

const publicRoute = (ctx: Ctx) => {
  const { auth } = ctx.state;
  ctx.body = { authenticated: auth.isAuthenticated, user: auth.user, csrfToken: auth.csrfToken };
};
const meRoute = (ctx: Ctx) => {
  ctx.body = { user: ctx.state.auth.user };
};
const callApiRoute = async (ctx: Ctx) => {
  const scope = new URLSearchParams(ctx.querystring).get('scope') ?? SCENARIO_API_SCOPE;
  const token = await ctx.state.auth.acquireToken(scope);
  ctx.body = { accessToken: token.accessToken };
};
/** Unguarded: the route prepares a JSON answer, then needs a token. */
const optionalRoute = async (ctx: Ctx) => {
  ctx.type = 'json';
  ctx.set('x-route', 'partial');
  await callApiRoute(ctx);
};
const sessionsRoute = async (ctx: Ctx) => {
  ctx.body = { sessions: await ctx.state.auth.sessions() };
};
const downstreamRoute = async (ctx: Ctx) => {
  const answer = await ctx.state.auth.callApi('downstream', new URLSearchParams(ctx.querystring).get('path') ?? '/');
  ctx.status = answer.status;
  ctx.set('content-type', answer.headers.get('content-type') ?? 'application/octet-stream');
  ctx.body = answer.body === null ? '' : Readable.fromWeb(answer.body as NodeReadableStream);
};

/** Builds the scenario app of `describeAdapterScenarios` (see ScenarioApp) on Koa. */
export function koaApp(identity: IdentityWeb, options: KoaAppOptions = {}): Koa {
  const KoaClass = options.koa ?? Koa;
  const app = new KoaClass();
  app.silent = true;
  app.proxy = options.proxy ?? false;
  for (const middleware of options.before ?? []) app.use(middleware);
  app.use(identityWeb(identity));
  if (options.router === false) {
    const guard = requireAuth();
    const [admin, staff, granted] = [SCENARIO_GUARDS.admin, SCENARIO_GUARDS.staff, SCENARIO_GUARDS.granted].map((o) =>
      requireAuth(o),
    ) as [Middleware<IdentityWebState>, Middleware<IdentityWebState>, Middleware<IdentityWebState>];
    const routes: Record<string, (ctx: Ctx) => unknown> = {
      '/public': publicRoute,
      '/optional': optionalRoute,
      '/me': (ctx) => guard(ctx, async () => meRoute(ctx)),
      '/admin': (ctx) => admin(ctx, async () => meRoute(ctx)),
      '/staff': (ctx) => staff(ctx, async () => meRoute(ctx)),
      '/granted': (ctx) => granted(ctx, async () => meRoute(ctx)),
      '/call-api': (ctx) => guard(ctx, () => callApiRoute(ctx)),
      '/downstream': (ctx) => guard(ctx, () => downstreamRoute(ctx)),
      '/sessions': (ctx) => guard(ctx, () => sessionsRoute(ctx)),
    };
    app.use(async (ctx: Ctx, next) => {
      const route = ctx.method === 'GET' || ctx.method === 'HEAD' ? routes[ctx.path] : undefined;
      await (route ? route(ctx) : next());
    });
    return app;
  }
  const router = new Router<IdentityWebState>();
  router.get('/public', publicRoute);
  router.get('/optional', optionalRoute);
  router.get('/me', requireAuth(), meRoute);
  router.get('/admin', requireAuth(SCENARIO_GUARDS.admin), meRoute);
  router.get('/staff', requireAuth(SCENARIO_GUARDS.staff), meRoute);
  router.get('/granted', requireAuth(SCENARIO_GUARDS.granted), meRoute);
  router.get('/call-api', requireAuth(), callApiRoute);
  router.get('/downstream', requireAuth(), downstreamRoute);
  router.get('/sessions', requireAuth(), sessionsRoute);
  options.routes?.(router);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

export function koaScenarioApp(options: KoaAppOptions = {}): ScenarioAppFactory {
  return async (identity) => serve(koaApp(identity, options), options.headers);
}

/** Scenario worlds around Koa apps (`koaWorld(options, identity)`), closed by `closeWorlds`. */
export const { world: koaWorld, closeWorlds } = worldPool(koaScenarioApp);
