import { createServer } from 'node:http';
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
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
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
import Router from '@koa/router';
import Koa from 'koa';
import { chainRoutes, readChainEnv } from './chain.js';
import { createPartnerProvider, readPartnerEnv } from './partner-env.js';

const APP_NAME = 'Koa web app';

/** The running app. */
export interface KoaWebApp {
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
 * With `IDENTITY_WEB_PARTNER_ISSUER`, users sign in with either of two providers.
 *
 * @example const app = await startKoaWebApp(process.env); … await app.close();
 */
export async function startKoaWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<KoaWebApp> {
  const config = readEnv(env);
  const partner = readPartnerEnv(env); // undefined: one provider
  const chain = readChainEnv(env); // undefined: no middle tier, no /chain page
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
    // With IDENTITY_WEB_PARTNER_* (partner-env.ts), a second OpenID provider: `identityProviders`
    // names both. `/auth/sign-in` then asks which one (and `requireAuth()` sends browsers there),
    // each has its own callback (`/auth/callback/work`, `/auth/callback/partner`), and every
    // session, account, token and logout stays with the provider that signed the user in.
    const providers =
      partner === undefined
        ? { identityProvider }
        : { identityProviders: { work: identityProvider, partner: createPartnerProvider(partner) } };
    // 2. Where sessions and the token cache live: this process's memory by default (one instance),
    // or Redis or PostgreSQL, shared by every instance, so a sign-out on one is seen by all.
    const { redis, postgres, logger } = config;
    if (stores === undefined && redis) shared = createRedisStores({ ...redis, logger });
    if (stores === undefined && postgres) shared = createPostgresStores({ ...postgres, logger });
    // 3. The identity-web instance: sessions, the per-user token cache, the /auth routes, and
    // the web API the app calls as the user (`auth.callApi`), by name.
    identity = createIdentityWeb({
      ...providers,
      baseUrl: config.baseUrl,
      secret: config.secrets,
      // The API's scopes are consented at sign-in, so the first API call needs no second trip.
      scopes: ['openid', 'profile', 'offline_access', ...config.api.scopes, ...(chain?.scopes ?? [])],
      downstreamApis: {
        api: { baseUrl: apiUrl.origin, scopes: config.api.scopes },
        // One more name per extra scope: not consented at sign-in, so the first call asks for it.
        ...Object.fromEntries(config.api.extraScopes.map((s) => [s, { baseUrl: apiUrl.origin, scopes: [s] }])),
        // MIDDLE_TIER_URL: the middle tier of the demo chain, which calls the API on the user's behalf.
        ...(chain && { middle: { baseUrl: new URL(chain.url).origin, scopes: chain.scopes } }),
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
  // and puts `ctx.state.auth` on every other request.
  const app = new Koa();
  app.use(identityWeb(identity));

  // 5. Then the app's own routes.
  const router = new Router<IdentityWebState>();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = homePage(ctx.state.auth, config.api, chain !== undefined);
  });
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets 401 JSON.
  router.get('/call-api', requireAuth(), async (ctx) => {
    const scope = typeof ctx.query.scope === 'string' && ctx.query.scope !== '' ? ctx.query.scope : undefined;
    // Never a scope the URL makes up: one the provider does not grant would loop through sign-in.
    const name = scope === undefined || config.api.scopes.includes(scope) ? 'api' : scope;
    if (!config.api.extraScopes.includes(name) && name !== 'api') {
      const allowed = [...config.api.scopes, ...config.api.extraScopes].join(' ');
      ctx.status = 400;
      ctx.body = { error: 'invalid_scope', error_description: `"scope" must be among: ${allowed}` };
      return;
    }
    // The token comes from the cache (refreshed when due) and goes only to the configured API. A
    // scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
    // which the middleware turns into a trip to the provider and back.
    const response = await ctx.state.auth
      .callApi(name, `${apiUrl.pathname}${apiUrl.search}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      })
      .catch(unlessIdentityWebError);
    ctx.status = response === undefined ? 502 : 200;
    ctx.body = await apiAnswer(config.api.url, name === 'api' ? config.api.scopes : [name], response);
  });
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  router.get('/sessions', requireAuth(), async (ctx) => {
    ctx.type = 'html';
    ctx.body = sessionsPage(APP_NAME, await ctx.state.auth.sessions(), ctx.state.auth);
  });
  router.get('/cache', async (ctx) => {
    ctx.type = 'html';
    ctx.body = cachePage(APP_NAME, await cacheState(ctx.state.auth), ctx.query.watch === '1');
  });
  router.get('/cache.json', async (ctx) => {
    ctx.body = await cacheState(ctx.state.auth);
  });
  if (chain !== undefined) chainRoutes(router, APP_NAME, chain);
  router.get('/metrics', async (ctx) => {
    ctx.body = await metrics();
    ctx.set('content-type', PROMETHEUS_CONTENT_TYPE);
  });

  app.use(router.routes()).use(router.allowedMethods());

  const server = createServer(app.callback());
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

/** A network failure means no answer; an identity-web error (a challenge) goes on to the middleware. */
function unlessIdentityWebError(error: unknown): undefined {
  if (isIdentityWebError(error)) throw error;
  return undefined;
}

/** `GET /`: who is signed in, and the sign-out form: a POST carrying the session's CSRF token. */
function homePage(
  auth: AuthContext,
  api: { scopes: readonly string[]; extraScopes: readonly string[] },
  chain: boolean,
): string {
  if (!auth.isAuthenticated) {
    // With several providers, /auth/sign-in answers a page with one link per provider.
    const signIn = `<p>You are not signed in.</p><p><a href="${escapeHtml(auth.signInUrl('/'))}">Sign in</a></p>`;
    return layout(APP_NAME, 'Welcome', signIn);
  }
  const { user } = auth;
  // With several providers: the one that signed this user in (its name under identityProviders).
  const provider =
    user.provider === undefined
      ? ''
      : `<p id="provider">Signed in with <strong>${escapeHtml(user.provider)}</strong></p>\n`;
  return layout(
    APP_NAME,
    `Hello ${user.name ?? user.username ?? user.subject}`,
    `${provider}${userAndLinks(user, api)}${chain ? '\n<p><a href="/chain">The API chain</a>: this app → middle tier → API, on your behalf</p>' : ''}
<form method="post" action="${escapeHtml(auth.signOutUrl)}">
<input type="hidden" name="csrf" value="${escapeHtml(auth.csrfToken)}"><button type="submit">Sign out</button></form>`,
  );
}
