import { STATUS_CODES } from 'node:http';
import {
  type AuthContext,
  createIdentityWeb,
  type IdentityWeb,
  type IdentityWebOptions,
  isIdentityWebError,
  PROMETHEUS_CONTENT_TYPE,
  prometheusMetrics,
  sessionList,
} from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, type SignedInRoute } from '@identity-web/fastify';
import { createMsalProvider } from '@identity-web/msal';
import { createOidcProvider, type OidcProviderOptions, sharedSignalsTransmitter } from '@identity-web/oidc';
import { createPostgresStores, type PostgresStores } from '@identity-web/postgres';
import { createRedisStores, type RedisStores } from '@identity-web/redis';
import {
  apiAnswer,
  type CacheState,
  cachePage,
  type Env,
  escapeHtml,
  layout,
  namingTheVariable,
  readEnv,
  sessionsPage,
  userAndLinks,
} from '@identity-web-examples/web-app-kit';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';

const APP_NAME = 'Fastify web app';

/** The running app. */
export interface FastifyWebApp {
  /** Its public origin (`IDENTITY_WEB_BASE_URL`). */
  readonly url: string;
  readonly identity: IdentityWeb;
  close(): Promise<void>;
}

/**
 * Starts the app, configured by environment variables only (see README.md). Rejects with an
 * `EnvError` naming each variable to fix. Sessions and tokens live in this process's memory, in
 * Redis with `REDIS_URL`, or in PostgreSQL with `DATABASE_URL`; `stores` replaces any of them
 * (tests pass their own to look inside).
 *
 * @example const app = await startFastifyWebApp(process.env); … await app.close();
 */
export async function startFastifyWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<FastifyWebApp> {
  const config = readEnv(env);
  const apiUrl = new URL(config.api.url);
  let identity: IdentityWeb;
  let shared: RedisStores | PostgresStores | undefined; // opened for REDIS_URL or DATABASE_URL
  try {
    // 1. Who signs users in: any OpenID provider, or Microsoft Entra ID through MSAL.
    const identityProvider =
      config.idp === 'msal'
        ? createMsalProvider({
            clientId: config.clientId,
            clientSecret: config.clientSecret,
            tenant: config.tenant,
            authority: config.authority,
            issuer: config.issuer,
          })
        : createOidcProvider({
            issuer: config.issuer ?? '',
            clientId: config.clientId,
            // Left out with IDENTITY_WEB_CLIENT_PRIVATE_KEY alone: the key authenticates the client.
            ...(config.clientSecret !== undefined && { clientSecret: config.clientSecret }),
            // Plain http for a localhost issuer only (the demo IdP); the library refuses any other.
            allowInsecureRequests: config.issuer?.startsWith('http:'),
            // IDENTITY_WEB_CLIENT_AUTH, the private key, the FAPI 2.0 profile, DPoP, PAR and the
            // logout-token variables, when set.
            ...(config.provider as Pick<
              OidcProviderOptions,
              | 'clientAuth'
              | 'clientPrivateKeys'
              | 'profile'
              | 'dpop'
              | 'par'
              | 'idToken'
              | 'logoutToken'
              | 'responseMode'
            >),
          });
    // 2. Where sessions and the token cache live: this process's memory by default (one instance),
    // or Redis or PostgreSQL, shared by every instance, so a sign-out on one is seen by all.
    const { redis, postgres, logger } = config;
    if (stores === undefined && redis) shared = createRedisStores({ ...redis, logger });
    if (stores === undefined && postgres) shared = createPostgresStores({ ...postgres, logger });
    // 3. The identity-web instance: sessions, the per-user token cache, the /auth routes, and
    // the web API the app calls as the user (`auth.callApi`), by name.
    identity = createIdentityWeb({
      identityProvider,
      baseUrl: config.baseUrl,
      secret: config.secrets,
      // The API's scopes are consented at sign-in, so the first API call needs no second trip.
      scopes: ['openid', 'profile', 'offline_access', ...config.api.scopes],
      downstreamApis: {
        api: { baseUrl: apiUrl.origin, scopes: config.api.scopes },
        // One more name per extra scope: not consented at sign-in, so the first call asks for it.
        ...Object.fromEntries(config.api.extraScopes.map((s) => [s, { baseUrl: apiUrl.origin, scopes: [s] }])),
      },
      session: {
        // The session list: the /sessions page (auth.sessions(), POST /auth/sign-out-session).
        list: sessionList,
        // Unset: `iw.session.<port>` when the base URL names a port, so apps on one host keep apart.
        ...(config.sessionCookie !== undefined && { cookieName: config.sessionCookie }),
      },
      // Unset: a quarter of each token's lifetime, at most 300 s, before it expires.
      ...(config.refreshMarginSeconds !== undefined && {
        tokenCache: { refreshSkewSeconds: config.refreshMarginSeconds },
      }),
      // IDENTITY_WEB_REVOKE_ON_REMOVE=false: a sign-out leaves the grant at the provider (unset: revoked there).
      ...(config.revokeOnRemove !== undefined && { revokeOnRemove: config.revokeOnRemove }),
      // SHARED_SIGNALS_ISSUER: CAEP and RISC events from that transmitter sign users out, as a logout does.
      ...(config.sharedSignals !== undefined && {
        sharedSignals: {
          transmitter: sharedSignalsTransmitter({
            issuer: config.sharedSignals.issuer,
            allowInsecureRequests: config.sharedSignals.insecure,
          }),
          ...(config.sharedSignals.authorization !== undefined && {
            push: { authorization: config.sharedSignals.authorization },
          }),
        },
      }),
      stores: stores ?? shared ?? {},
      logger: config.logger,
    });
  } catch (error) {
    await shared?.close();
    throw namingTheVariable(error, config); // invalid options name themselves (`error.option`)
  }
  const metrics = prometheusMetrics(identity); // counts from now on
  const cacheState = async (auth: AuthContext): Promise<CacheState> => {
    const key = auth.user?.key;
    return { ...(await identity.stats()), account: key ? { key, cached: await identity.hasAccount(key) } : null };
  };

  // 4. identity-web first: the plugin serves /auth/* (sign-in, callback, sign-out, logout
  // notifications) in an `onRequest` hook, before any body parsing, and puts `request.auth` on
  // every other request. A sign-in challenge thrown by a route (acquireToken, callApi) becomes
  // the redirect, never a 500; authErrorHandler() keeps it from the app's own error handler.
  // forceCloseConnections: close() ends kept-alive connections too, as the other apps do.
  const app = Fastify({ forceCloseConnections: true });
  await app.register(identityWeb, { identity });
  app.setErrorHandler(authErrorHandler(internalError));

  // 5. Then the app's own routes.
  app.get('/', (request, reply) => reply.type('text/html; charset=utf-8').send(homePage(request.auth, config.api)));
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets
  // 401 JSON. SignedInRoute types `request.auth` signed in behind it.
  app.get<SignedInRoute & { Querystring: { scope?: unknown } }>(
    '/call-api',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const { scope: asked } = request.query;
      const scope = typeof asked === 'string' && asked !== '' ? asked : undefined;
      // Never a scope the URL makes up: one the provider does not grant would loop through sign-in.
      const name = scope === undefined || config.api.scopes.includes(scope) ? 'api' : scope;
      if (!config.api.extraScopes.includes(name) && name !== 'api') {
        const allowed = [...config.api.scopes, ...config.api.extraScopes].join(' ');
        return reply.code(400).send({ error: 'invalid_scope', error_description: `"scope" must be among: ${allowed}` });
      }
      // The token comes from the cache (refreshed when due) and goes only to the configured API. A
      // scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
      // which the plugin turns into a trip to the provider and back.
      const response = await request.auth
        .callApi(name, `${apiUrl.pathname}${apiUrl.search}`, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(5_000),
        })
        .catch(unlessIdentityWebError);
      const answer = await apiAnswer(config.api.url, name === 'api' ? config.api.scopes : [name], response);
      return reply.code(response === undefined ? 502 : 200).send(answer);
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
      .send(cachePage(APP_NAME, await cacheState(request.auth), request.query.watch === '1')),
  );
  app.get('/cache.json', async (request) => cacheState(request.auth));
  app.get('/metrics', async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(await metrics()));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    identity.close();
    await app.close();
    await shared?.close();
    throw error; // the port is taken, most likely
  }
  const close = async () => {
    await identity.settled(); // sign-outs' revocations still running, each within the provider's time limit
    identity.close();
    await app.close();
    await shared?.close(); // the stores' connections go last: nothing is served any more
  };
  return { url: new URL(config.baseUrl).origin, identity, close };
}

/** A network failure means no answer; an identity-web error (a challenge) goes on to the plugin. */
function unlessIdentityWebError(error: unknown): undefined {
  if (isIdentityWebError(error)) throw error;
  return undefined;
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

/** `GET /`: who is signed in, and the sign-out form: a POST carrying the session's CSRF token. */
function homePage(auth: AuthContext, api: { scopes: readonly string[]; extraScopes: readonly string[] }): string {
  if (!auth.isAuthenticated) {
    const signIn = `<p>You are not signed in.</p><p><a href="${escapeHtml(auth.signInUrl('/'))}">Sign in</a></p>`;
    return layout(APP_NAME, 'Welcome', signIn);
  }
  const { user } = auth;
  return layout(
    APP_NAME,
    `Hello ${user.name ?? user.username ?? user.subject}`,
    `${userAndLinks(user, api)}
<form method="post" action="${escapeHtml(auth.signOutUrl)}">
<input type="hidden" name="csrf" value="${escapeHtml(auth.csrfToken)}"><button type="submit">Sign out</button></form>`,
  );
}
