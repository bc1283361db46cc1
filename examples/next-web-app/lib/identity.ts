// Everything identity-web of the app: the provider, where sessions and tokens live, the instance,
// and its parts for route handlers, server components and proxy.ts.
import { createIdentityWeb, type IdentityWeb, sessionList } from '@identity-web/core';
import { createMsalProvider } from '@identity-web/msal';
import { nextIdentityWeb } from '@identity-web/next';
import { createOidcProvider, type OidcProviderOptions, sharedSignalsTransmitter } from '@identity-web/oidc';
import { createPostgresStores, type PostgresStores } from '@identity-web/postgres';
import { createRedisStores, type RedisStores } from '@identity-web/redis';
import { type Env, namingTheVariable, readEnv } from '@identity-web-examples/web-app-kit';

export const APP_NAME = 'Next.js web app';

/** The app's settings, read from the environment once (see README.md). */
export const settings = () => readEnv(process.env as Env);

/**
 * Made at the first request, once per server process: `next build` never makes one, and each of
 * Next.js's bundles (the proxy's, the pages') finds the same instance.
 */
function createIdentity(): IdentityWeb {
  const config = settings();
  const apiUrl = new URL(config.api.url);
  // Sessions and the token cache in Redis with REDIS_URL, or in PostgreSQL with DATABASE_URL,
  // shared by every instance of the app.
  const { redis, postgres, logger } = config;
  let shared: RedisStores | PostgresStores | undefined;
  try {
    if (redis) shared = createRedisStores({ ...redis, logger });
    if (postgres) shared = createPostgresStores({ ...postgres, logger });
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
            ...(config.clientSecret !== undefined && { clientSecret: config.clientSecret }),
            // Plain http for a localhost issuer only (the demo IdP); the library refuses any other.
            allowInsecureRequests: config.issuer?.startsWith('http:'),
            ...(config.provider as Partial<OidcProviderOptions>),
          });
    // 2. The instance: sessions and the per-user token cache in this process's memory, Redis or PostgreSQL.
    return createIdentityWeb({
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
      // The session list: the /sessions page (auth.sessions(), POST /auth/sign-out-session).
      session: { list: sessionList, ...(config.sessionCookie !== undefined && { cookieName: config.sessionCookie }) },
      ...(config.refreshMarginSeconds !== undefined && {
        tokenCache: { refreshSkewSeconds: config.refreshMarginSeconds },
      }),
      // IDENTITY_WEB_REVOKE_ON_REMOVE=false: a sign-out leaves the grant at the provider (unset: revoked there).
      ...(config.revokeOnRemove !== undefined && { revokeOnRemove: config.revokeOnRemove }),
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
      stores: shared ?? {},
      logger: config.logger,
    });
  } catch (error) {
    void shared?.close(); // its connections, opened for nothing
    throw namingTheVariable(error, config); // invalid options name their variable (`error.option`)
  }
}

// 3. Its parts: the auth routes' handlers, `auth()`/`requireAuth()` for server components and
// actions, `withAuth` for route handlers, and the proxy.
export const { handlers, auth, requireAuth, withAuth, identityProxy, identity } = nextIdentityWeb(createIdentity);
