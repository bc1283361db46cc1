import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import {
  createWebAppIdentity,
  type Env,
  METRICS_CONTENT_TYPE,
  type RunningWebApp,
  serveWebApp,
  webAppRoutes,
} from '@identity-web-examples/web-app-kit';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Starts the Hono example app on Node, configured only by environment variables (see
 * README.md). Rejects with a `WebAppConfigError` naming each variable to fix.
 *
 * @example const app = await startHonoWebApp(process.env); … await app.close();
 */
export async function startHonoWebApp(env: Env): Promise<RunningWebApp> {
  const started = createWebAppIdentity(env);
  const routes = webAppRoutes('Hono web app', started);
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(started.identity)); // the /auth routes, and c.var.auth everywhere else
  app.onError(authErrorHandler()); // sign-in challenges never reach the 500 handler
  app.get('/', (c) => c.html(routes.home(c.var.auth)));
  app.get('/call-api', requireAuth(), async (c) => {
    const answer = await routes.callApi(c.var.auth, c.req.query('scope'));
    return c.json(answer.body, answer.status as ContentfulStatusCode);
  });
  app.get('/cache', async (c) => c.html(await routes.cache(c.var.auth, c.req.query('watch') === '1')));
  app.get('/cache.json', async (c) => c.json(await routes.cacheJson(c.var.auth)));
  app.get('/metrics', async (c) => c.body(await routes.metrics(), 200, { 'content-type': METRICS_CONTENT_TYPE }));
  return serveWebApp(createAdaptorServer({ fetch: app.fetch }) as Server, started);
}
