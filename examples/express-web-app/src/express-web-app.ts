import { createServer, STATUS_CODES } from 'node:http';
import { type IdentityWebOptions, PROMETHEUS_CONTENT_TYPE } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '@identity-web/express';
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
import express, { type ErrorRequestHandler } from 'express';

const APP_NAME = 'Express web app';

/** The running app: its origin, its identity-web instance and `close()`. */
export type ExpressWebApp = RunningApp;

/**
 * Starts the Express app on the environment's settings (README.md lists them); `stores`, when
 * given, replaces those `REDIS_URL` or `DATABASE_URL` would open (the tests look inside theirs).
 *
 * @example const app = await startExpressWebApp(process.env); … await app.close();
 */
export async function startExpressWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<ExpressWebApp> {
  // 1 to 3. Who signs users in, where sessions and tokens live, and the identity-web instance:
  // the same for every example app, in web-app-kit's app-identity.ts.
  const instance = createAppIdentity(env, { stores });
  const { config, identity, metrics } = instance;

  // 4. identity-web first: it serves /auth/* (sign-in, callback, sign-out, logout notifications)
  // and puts `req.auth` on every other request. No body parser is needed for its forms.
  const app = express();
  app.disable('x-powered-by');
  app.use(identityWeb(identity));

  // 5. Then the app's own routes. Express 5 hands a rejected handler's error to the error
  // middleware below, so an async handler needs no try/catch.
  app.get('/', (req, res) => {
    res.type('html').send(homePage(APP_NAME, req.auth, config));
  });
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets 401 JSON.
  app.get('/call-api', requireAuth(), async (req, res) => {
    // A scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
    // which authErrorHandler() below turns into a trip to the provider and back.
    const { status, body } = await callApiAs(signedIn(req), config, req.query.scope);
    res.status(status).json(body);
  });
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  app.get('/sessions', requireAuth(), async (req, res) => {
    const auth = signedIn(req);
    res.type('html').send(sessionsPage(APP_NAME, await auth.sessions(), auth));
  });
  app.get('/cache', async (req, res) => {
    res.type('html').send(cachePage(APP_NAME, await cacheState(identity, req.auth), req.query.watch === '1'));
  });
  app.get('/cache.json', async (req, res) => {
    res.json(await cacheState(identity, req.auth));
  });
  app.get('/metrics', async (_req, res) => {
    // Node's own setHeader and end: res.send() would rewrite the content type's parameters.
    const text = await metrics();
    res.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
    res.end(text);
  });

  // 6. After the routes: identity-web's error middleware turns a sign-in challenge thrown by a
  // route (acquireToken, callApi) into the redirect, or 401 JSON for a script, never a 500; and
  // answers a store outage with 503. Every other error goes on to the app's own handler.
  app.use(authErrorHandler());
  app.use(internalError);

  return runApp(instance, nodeServer(createServer(app), config));
}

/**
 * The app's last error handler: a client error (a malformed URL: 400) answered with its status,
 * anything else on stderr and a plain 500. Express's own would put the stack trace on the page
 * whenever NODE_ENV is not `production`.
 */
const internalError: ErrorRequestHandler = (error: { status?: unknown; statusCode?: unknown }, _req, res, next) => {
  if (res.headersSent) return next(error); // Express ends the broken response
  const status = Number(error?.status ?? error?.statusCode);
  const clientError = Number.isInteger(status) && status >= 400 && status < 500;
  if (!clientError) console.error(error);
  res
    .status(clientError ? status : 500)
    .type('text')
    .send(STATUS_CODES[clientError ? status : 500]);
};
