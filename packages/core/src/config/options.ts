import type { Clock } from '../ports/clock.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { Logger } from '../ports/logger.port.js';
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
  session?: {
    /** Absolute session lifetime in seconds. Default 8 hours. */
    ttlSeconds?: number;
  };
  tokenCache?: {
    /** How long an account's partition lives without use, in seconds. Default 14 days. */
    ttlSeconds?: number;
    /** A token expiring within this many seconds is refreshed instead of used. Default 300. */
    refreshSkewSeconds?: number;
    /** Accounts kept in the in-process hot index. Default 10,000. */
    hotIndexMaxAccounts?: number;
  };
  /** Sign-in transactions expire after this many seconds. Default 600. */
  signInTtlSeconds?: number;
  /** Where `/signed-out` sends the browser when no verified `returnTo` came back. Default: show a page. */
  frontChannelLogout?: {
    /** Serve the front-channel logout route. Default `true`. */
    enabled?: boolean;
    /** Ignore requests that carry neither `iss` nor `sid` instead of ending the cookie's session. Default `false`. */
    sessionRequired?: boolean;
  };
  backChannelLogout?: {
    /** Serve the back-channel logout route. Default `true`. */
    enabled?: boolean;
  };
  /** Revoke the refresh token (RFC 7009) when an account is removed, if the IdP can. Default `false`. */
  revokeOnRemove?: boolean;
  /** Replace any store port; the defaults keep everything in process memory (one instance). */
  stores?: {
    sessionStore?: SessionStore;
    tokenCacheStore?: TokenCacheStore;
    invalidationBus?: InvalidationBus;
    replayCache?: ReplayCache;
  };
  clock?: Clock;
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
  readonly signInTtlSeconds: number;
  readonly frontChannel: { readonly enabled: boolean; readonly sessionRequired: boolean };
  readonly backChannel: { readonly enabled: boolean };
  readonly revokeOnRemove: boolean;
  readonly cookies: { readonly session: string; readonly binding: string; readonly logout: string };
}
