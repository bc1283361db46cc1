import { STATUS_CODES } from 'node:http';
import { type IdentityWebOptions, PROMETHEUS_CONTENT_TYPE } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, type SignedInRoute } from '@identity-web/fastify';
import {
  cachePage,
  cacheState,
  callApiAs,
  createAppIdentity,
  type Env,
  homePage,
  type RunningApp,
  runApp,
  sessionsPage,
} from '@identity-web-examples/web-app-kit';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';

const APP_NAME = 'Fastify web app';

/** The running app: its origin, its identity-web instance and `close()`. */
export type FastifyWebApp = RunningApp;

/**
 * Starts the Fastify app on the environment's settings (README.md lists them); `stores`, when
 * given, replaces those `REDIS_URL` or `DATABASE_URL` would open (the tests look inside theirs).
 *
 * @example const app = await startFastifyWebApp(process.env); … await app.close();
 */
export async function startFastifyWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<FastifyWebApp> {
  // 1 to 3. Who signs users in, where sessions and tokens live, and the identity-web instance:
  // the same for every example app, in web-app-kit's app-identity.ts.
  const instance = createAppIdentity(env, { stores });
  const { config, identity, metrics } = instance;

  // 4. identity-web first: the plugin serves /auth/* (sign-in, callback, sign-out, logout
  // notifications) in an `onRequest` hook, before any body parsing, and puts `request.auth` on
  // every other request. A sign-in challenge thrown by a route (acquireToken, callApi) becomes
  // the redirect, never a 500; authErrorHandler() keeps it from the app's own error handler.
  // forceCloseConnections: close() ends kept-alive connections too, as the other apps do.
  const app = Fastify({ forceCloseConnections: true });
  await app.register(identityWeb, { identity });
  app.setErrorHandler(authErrorHandler(internalError));

  // 5. Then the app's own routes.
  app.get('/', (request, reply) =>
    reply.type('text/html; charset=utf-8').send(homePage(APP_NAME, request.auth, config)),
  );
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets
  // 401 JSON. SignedInRoute types `request.auth` signed in behind it.
  app.get<SignedInRoute & { Querystring: { scope?: unknown } }>(
    '/call-api',
    { preHandler: requireAuth() },
    async (request, reply) => {
      // A scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
      // which the plugin turns into a trip to the provider and back.
      const { status, body } = await callApiAs(request.auth, config, request.query.scope);
      return reply.code(status).send(body);
    },
  );
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  app.get<SignedInRoute>('/sessions', { preHandler: requireAuth() }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(sessionsPage(APP_NAME, await request.auth.sessions(), request.auth)),
  );
  app.get<{ Querystring: { watch?: unknown } }>('/cache', async (request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(cachePage(APP_NAME, await cacheState(identity, request.auth), request.query.watch === '1')),
  );
  app.get('/cache.json', async (request) => cacheState(identity, request.auth));
  app.get('/metrics', async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(await metrics()));

  return runApp(instance, {
    listen: async () => {
      await app.listen({ port: config.port, host: config.host });
    },
    close: () => app.close(),
  });
}

/**
 * The app's own error handler, for every error that is not identity-web's to answer: a client
 * error (a malformed request: 400, 415) keeps its status, anything else goes to stderr and
 * becomes a plain 500. Fastify's default would put the error's message in the answer.
 */
function internalError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode;
  const clientError = status !== undefined && status >= 400 && status < 500;
  if (!clientError) console.error(error);
  return reply
    .code(clientError ? status : 500)
    .type('text/plain; charset=utf-8')
    .send(STATUS_CODES[clientError ? status : 500]);
}
