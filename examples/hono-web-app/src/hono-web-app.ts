import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { type IdentityWebOptions, PROMETHEUS_CONTENT_TYPE } from '@identity-web/core';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import {
  cachePage,
  cacheState,
  callApiAs,
  createAppIdentity,
  type Env,
  homePage,
  nodeServer,
  type RunningApp,
  runApp,
  sessionsPage,
} from '@identity-web-examples/web-app-kit';
import { Hono } from 'hono';

const APP_NAME = 'Hono web app';

/** The running app: its origin, its identity-web instance and `close()`. */
export type HonoWebApp = RunningApp;

/**
 * Starts the Hono app on Node, on the environment's settings (README.md lists them); `stores`,
 * when given, replaces those `REDIS_URL` or `DATABASE_URL` would open (the tests look inside theirs).
 *
 * @example const app = await startHonoWebApp(process.env); … await app.close();
 */
export async function startHonoWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<HonoWebApp> {
  // 1 to 3. Who signs users in, where sessions and tokens live, and the identity-web instance:
  // the same for every example app, in web-app-kit's app-identity.ts.
  const instance = createAppIdentity(env, { stores });
  const { config, identity, metrics } = instance;

  // 4. identity-web first: it serves /auth/* (sign-in, callback, sign-out, logout notifications)
  // and puts `c.var.auth` on every other request. Its error handler turns a sign-in challenge
  // thrown by a route (requireAuth, acquireToken) into the redirect, never a 500.
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(identity));
  app.onError(authErrorHandler());

  // 5. Then the app's own routes.
  app.get('/', (c) => c.html(homePage(APP_NAME, c.var.auth, config)));
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets 401 JSON.
  app.get('/call-api', requireAuth(), async (c) => {
    // A scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
    // which the error handler turns into a trip to the provider and back.
    const { status, body } = await callApiAs(c.var.auth, config, c.req.query('scope'));
    return c.json(body, status);
  });
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  app.get('/sessions', requireAuth(), async (c) =>
    c.html(sessionsPage(APP_NAME, await c.var.auth.sessions(), c.var.auth)),
  );
  app.get('/cache', async (c) =>
    c.html(cachePage(APP_NAME, await cacheState(identity, c.var.auth), c.req.query('watch') === '1')),
  );
  app.get('/cache.json', async (c) => c.json(await cacheState(identity, c.var.auth)));
  app.get('/metrics', async (c) => c.body(await metrics(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));

  return runApp(instance, nodeServer(createAdaptorServer({ fetch: app.fetch }) as Server, config));
}
