// The identity-web part every example app shares, steps 1 to 3 of each: who signs users in, where
// sessions and the token cache live, and the instance, all from the settings `readEnv` read. What
// each app does with the instance (its framework's middleware, routes and error handlers) stays in
// the app's own file.
import {
  type AuthContext,
  createIdentityWeb,
  downstreamApi,
  type IdentityWeb,
  type IdentityWebOptions,
  prometheusMetrics,
  sessionList,
} from '@identity-web/core';
import type { IdentityProvider } from '@identity-web/core/provider';
import { createMsalProvider } from '@identity-web/msal';
import {
  type ClientPrivateKey,
  createOidcProvider,
  dpopBinding,
  type OidcProviderOptions,
  privateKeyJwt,
  sharedSignalsTransmitter,
} from '@identity-web/oidc';
import { createPostgresStores, type PostgresStores } from '@identity-web/postgres';
import { createRedisStores, type RedisStores } from '@identity-web/redis';
import { type Env, readEnv } from './env.ts';
import { namingTheVariable } from './naming-the-variable.ts';
import type { CacheState } from './views.ts';

/** The settings `readEnv` read from the environment. */
export type AppSettings = ReturnType<typeof readEnv>;

/** What an app adds to the shared setup (the Koa app: a second provider and the demo chain's middle tier). */
export interface AppIdentityExtras {
  /** Replaces the stores `REDIS_URL` or `DATABASE_URL` would open (tests pass their own to look inside). */
  readonly stores?: IdentityWebOptions['stores'] | undefined;
  /** The providers to sign in with, given the one the settings name (unset: that one alone). */
  readonly providers?:
    | ((identityProvider: IdentityProvider) => Pick<IdentityWebOptions, 'identityProvider' | 'identityProviders'>)
    | undefined;
  /** More scopes to ask for at sign-in. */
  readonly scopes?: readonly string[] | undefined;
  /** More web APIs the app calls as the user, by name. */
  readonly downstreamApis?: IdentityWebOptions['downstreamApis'] | undefined;
}

/** The instance, the settings it was made from, and the connections it was given. */
export interface AppIdentity {
  readonly config: AppSettings;
  readonly identity: IdentityWeb;
  /** The instance's counts from its start on, as Prometheus text (`GET /metrics`). */
  readonly metrics: () => Promise<string>;
  /** Closes the Redis or PostgreSQL connections opened for it (none for memory or given stores): last, once nothing is served. */
  closeStores(): Promise<void>;
}

/**
 * Reads the environment and makes the app's identity-web instance from it. Throws an `EnvError`
 * naming each variable to fix, identity-web's refusal of an option included (with any connection
 * it opened closed).
 */
/**
 * The provider options the environment set, with the values that bring their code: the private
 * key as `clientAuth: privateKeyJwt([key])`, and DPoP as `dpopBinding()`, on with
 * IDENTITY_WEB_DPOP=true, and with IDENTITY_WEB_PROFILE=fapi2 unless IDENTITY_WEB_DPOP=false
 * (which FAPI 2.0 then refuses, naming the rule).
 */
function oidcOptions(provider: Readonly<Record<string, unknown>>): Partial<OidcProviderOptions> {
  const { dpop, clientPrivateKeys, ...rest } = provider;
  const on = dpop === true || (dpop === undefined && rest.profile === 'fapi2');
  return {
    ...(rest as Partial<OidcProviderOptions>),
    ...(clientPrivateKeys !== undefined && { clientAuth: privateKeyJwt(clientPrivateKeys as ClientPrivateKey[]) }),
    ...(on && { dpop: dpopBinding() }),
  };
}

export function createAppIdentity(env: Env, extras: AppIdentityExtras = {}): AppIdentity {
  const config = readEnv(env);
  const apiUrl = new URL(config.api.url);
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
            // IDENTITY_WEB_CLIENT_AUTH, the private key, the FAPI 2.0 profile, PAR and the
            // logout-token variables, when set; DPoP with IDENTITY_WEB_DPOP=true, or FAPI 2.0 unless false.
            ...oidcOptions(config.provider),
          });
    // 2. Where sessions and the token cache live: this process's memory by default (one instance),
    // or Redis or PostgreSQL, shared by every instance, so a sign-out on one is seen by all.
    const { redis, postgres, logger } = config;
    if (extras.stores === undefined && redis) shared = createRedisStores({ ...redis, logger });
    if (extras.stores === undefined && postgres) shared = createPostgresStores({ ...postgres, logger });
    // 3. The instance: sessions, the per-user token cache, the /auth routes, and the web API the
    // app calls as the user (`auth.callApi`), by name.
    const identity = createIdentityWeb({
      ...(extras.providers?.(identityProvider) ?? { identityProvider }),
      baseUrl: config.baseUrl,
      secret: config.secrets,
      // The API's scopes are consented at sign-in, so the first API call needs no second trip.
      scopes: ['openid', 'profile', 'offline_access', ...config.api.scopes, ...(extras.scopes ?? [])],
      downstreamApis: {
        api: downstreamApi({ baseUrl: apiUrl.origin, scopes: config.api.scopes }),
        // One more name per extra scope: not consented at sign-in, so the first call asks for it.
        ...Object.fromEntries(
          config.api.extraScopes.map((s) => [s, downstreamApi({ baseUrl: apiUrl.origin, scopes: [s] })]),
        ),
        ...extras.downstreamApis,
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
      stores: extras.stores ?? shared ?? {},
      logger: config.logger,
    });
    const metrics = prometheusMetrics(identity); // counts from now on
    return { config, identity, metrics, closeStores: async () => shared?.close() };
  } catch (error) {
    // Its connections, opened for nothing; the refusal is the error to report, not their closing.
    shared?.close().catch(() => undefined);
    throw namingTheVariable(error, config); // invalid options name themselves (`error.option`)
  }
}

/** What /cache and /cache.json show: the instance's counts, and whether the user's account is cached. */
export async function cacheState(identity: IdentityWeb, auth: AuthContext): Promise<CacheState> {
  const key = auth.user?.key;
  return { ...(await identity.stats()), account: key ? { key, cached: await identity.hasAccount(key) } : null };
}
