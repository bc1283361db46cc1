import { createServer } from 'node:http';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import {
  createWebAppIdentity,
  type Env,
  METRICS_CONTENT_TYPE,
  type RunningWebApp,
  serveWebApp,
  webAppRoutes,
} from '@identity-web-examples/web-app-kit';
import Router from '@koa/router';
import Koa from 'koa';

/**
 * Starts the Koa example app, configured only by environment variables (see README.md).
 * Rejects with a `WebAppConfigError` naming each variable to fix.
 *
 * @example const app = await startKoaWebApp(process.env); … await app.close();
 */
export async function startKoaWebApp(env: Env): Promise<RunningWebApp> {
  const started = createWebAppIdentity(env);
  const routes = webAppRoutes('Koa web app', started);
  const router = new Router<IdentityWebState>();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = routes.home(ctx.state.auth);
  });
  router.get('/call-api', requireAuth(), async (ctx) => {
    const scope = typeof ctx.query.scope === 'string' ? ctx.query.scope : undefined;
    const answer = await routes.callApi(ctx.state.auth, scope);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });
  router.get('/cache', async (ctx) => {
    ctx.type = 'html';
    ctx.body = await routes.cache(ctx.state.auth, ctx.query.watch === '1');
  });
  router.get('/cache.json', async (ctx) => {
    ctx.body = await routes.cacheJson(ctx.state.auth);
  });
  router.get('/metrics', async (ctx) => {
    ctx.body = await routes.metrics();
    ctx.set('content-type', METRICS_CONTENT_TYPE);
  });

  const app = new Koa();
  app.use(identityWeb(started.identity)); // the /auth routes, and ctx.state.auth everywhere else
  app.use(router.routes()).use(router.allowedMethods());
  return serveWebApp(createServer(app.callback()), started);
}
