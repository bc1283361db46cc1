import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';

/** Options of {@link createIdentityWeb}. Only `identityProvider`, `baseUrl` and `secret` are required. */
export interface IdentityWebOptions {
  /** The IdP port: `createOidcProvider(...)` from `@identity-web/oidc` or `createMsalProvider(...)` from `@identity-web/msal`. */
  identityProvider: IdentityProvider;
  /**
   * The app's public origin, e.g. `https://app.example.com`. Redirect URIs and cookie flags
   * derive from it, never from the request's Host header (which a client controls).
   * Plain `http` is accepted only for localhost / 127.0.0.1 / [::1].
   */
  baseUrl: string;
  /**
   * Secret(s) of at least 32 characters for cookie signatures and cache encryption. A list
   * rotates keys: the first signs and encrypts, every one verifies and decrypts.
   */
  secret: string | readonly string[];
  /** Where the auth routes live. Default `/auth`. */
  basePath?: string;
  /** Scopes of every sign-in. Default `['openid', 'profile', 'offline_access']`. */
  scopes?: readonly string[];
  /** The signed-in session. */
  session?: {
    /** Absolute session lifetime in seconds. Default 8 hours. */
    ttlSeconds?: number;
  };
  /** The per-user token cache. */
  tokenCache?: {
    /** How long an account's partition lives without use, in seconds. Default 14 days. */
    ttlSeconds?: number;
    /** A token expiring within this many seconds is refreshed instead of used. Default 300. */
    refreshSkewSeconds?: number;
    /** Accounts kept in the in-process hot index. Default 10,000; 0 turns it off (see `inProcessCaches`). */
    hotIndexMaxAccounts?: number;
  };
  /** Sign-in transactions expire after this many seconds. Default 600. */
  signInTtlSeconds?: number;
  /** The front-channel logout route, `GET {basePath}/front-channel-logout` (OpenID Connect Front-Channel Logout 1.0). */
  frontChannelLogout?: {
    /** Serve the front-channel logout route. Default `true`. */
    enabled?: boolean;
    /**
     * End the session named by the browser's own cookie when a request carries neither `iss`
     * nor `sid`. Default `false`. The cost of turning it on: the route is a plain GET, and a
     * `SameSite=Lax` cookie rides along on any cross-site top-level navigation, so any web page
     * can then sign a user out of this app and wipe their cached tokens (and revoke the refresh
     * token with `revokeOnRemove`). Turn it on only for a provider that sends no `sid`.
     */
    cookieFallback?: boolean;
  };
  /** The back-channel logout route, `POST {basePath}/back-channel-logout` (OpenID Connect Back-Channel Logout 1.0). */
  backChannelLogout?: {
    /** Serve the back-channel logout route. Default `true`. */
    enabled?: boolean;
  };
  /** Revoke the refresh token (RFC 7009) when an account is removed, if the IdP can. Default `false`. */
  revokeOnRemove?: boolean;
  /**
   * Keep verified sessions and access tokens in this process's memory (the session memo and the
   * hot index). Default `true`. They are dropped on every instance when a session ends or an
   * account is removed — through the invalidation bus. Turn this off where instances cannot
   * reach each other (Cloudflare Workers isolates): every request then reads its session from the
   * shared store, so a removal anywhere takes effect on the next request everywhere.
   */
  inProcessCaches?: boolean;
  /**
   * Replace any store port; the defaults keep everything in process memory (one instance).
   * Several instances share one set of stores, e.g. `createRedisStores(...)` from `@identity-web/redis`.
   */
  stores?: {
    /** Encrypted session records. Default: `MemorySessionStore`. */
    sessionStore?: SessionStore;
    /** Encrypted token-cache partitions with compare-and-set. Default: `MemoryTokenCacheStore`. */
    tokenCacheStore?: TokenCacheStore;
    /** (iss, sub) and (iss, sid) → accounts and sessions, for logout. Default: `MemoryAccountRegistry`. */
    accountRegistry?: AccountRegistry;
    /** Tells every instance to drop its in-process copies. Default: in-process fan-out. */
    invalidationBus?: InvalidationBus;
    /** Logout-token `jti` memory. Default: `MemoryReplayCache`. */
    replayCache?: ReplayCache;
    /** At most one refresh per account across instances. Default: none (one process needs none). */
    refreshLease?: RefreshLease;
  };
  /** The time source of every expiry decision. Default: the system clock. */
  clock?: Clock;
  /** Where identity-web logs (failures, removals). Default: silent. */
  logger?: Logger;
}

/** Options resolved once at creation, with every default filled in. */
export interface Settings {
  readonly baseUrl: URL;
  readonly origin: string;
  readonly secure: boolean;
  readonly secrets: readonly string[];
  readonly basePath: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly scopes: readonly string[];
  readonly sessionTtlSeconds: number;
  readonly cacheTtlSeconds: number;
  readonly refreshSkewSeconds: number;
  readonly hotIndexMaxAccounts: number;
  readonly inProcessCaches: boolean;
  readonly signInTtlSeconds: number;
  readonly frontChannel: { readonly enabled: boolean; readonly cookieFallback: boolean };
  readonly backChannel: { readonly enabled: boolean };
  readonly revokeOnRemove: boolean;
  readonly cookies: { readonly session: string; readonly signIn: string; readonly logout: string };
}
