import { createServer, STATUS_CODES } from 'node:http';
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
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '@identity-web/express';
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
import express, { type ErrorRequestHandler } from 'express';

const APP_NAME = 'Express web app';

/** The running app. */
export interface ExpressWebApp {
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
 * @example const app = await startExpressWebApp(process.env); … await app.close();
 */
export async function startExpressWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<ExpressWebApp> {
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

  // 4. identity-web first: it serves /auth/* (sign-in, callback, sign-out, logout notifications)
  // and puts `req.auth` on every other request. No body parser is needed for its forms.
  const app = express();
  app.disable('x-powered-by');
  app.use(identityWeb(identity));

  // 5. Then the app's own routes. Express 5 hands a rejected handler's error to the error
  // middleware below, so an async handler needs no try/catch.
  app.get('/', (req, res) => {
    res.type('html').send(homePage(req.auth, config.api));
  });
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets 401 JSON.
  app.get('/call-api', requireAuth(), async (req, res) => {
    const scope = typeof req.query.scope === 'string' && req.query.scope !== '' ? req.query.scope : undefined;
    // Never a scope the URL makes up: one the provider does not grant would loop through sign-in.
    const name = scope === undefined || config.api.scopes.includes(scope) ? 'api' : scope;
    if (!config.api.extraScopes.includes(name) && name !== 'api') {
      const allowed = [...config.api.scopes, ...config.api.extraScopes].join(' ');
      res.status(400).json({ error: 'invalid_scope', error_description: `"scope" must be among: ${allowed}` });
      return;
    }
    // The token comes from the cache (refreshed when due) and goes only to the configured API. A
    // scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
    // which authErrorHandler() below turns into a trip to the provider and back.
    const response = await signedIn(req)
      .callApi(name, `${apiUrl.pathname}${apiUrl.search}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      })
      .catch(unlessIdentityWebError);
    const answer = await apiAnswer(config.api.url, name === 'api' ? config.api.scopes : [name], response);
    res.status(response === undefined ? 502 : 200).json(answer);
  });
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  app.get('/sessions', requireAuth(), async (req, res) => {
    const auth = signedIn(req);
    res.type('html').send(sessionsPage(APP_NAME, await auth.sessions(), auth));
  });
  app.get('/cache', async (req, res) => {
    res.type('html').send(cachePage(APP_NAME, await cacheState(req.auth), req.query.watch === '1'));
  });
  app.get('/cache.json', async (req, res) => {
    res.json(await cacheState(req.auth));
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

  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    identity.close();
    await shared?.close();
    throw error; // the port is taken, most likely
  }
  const close = async () => {
    await identity.settled(); // sign-outs' revocations still running, each within the provider's time limit
    identity.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await shared?.close(); // the stores' connections go last: nothing is served any more
  };
  return { url: new URL(config.baseUrl).origin, identity, close };
}

/** A network failure means no answer; an identity-web error (a challenge) goes on to the error middleware. */
function unlessIdentityWebError(error: unknown): undefined {
  if (isIdentityWebError(error)) throw error;
  return undefined;
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
