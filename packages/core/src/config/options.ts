// createIdentityWeb's options as an app writes them: one typed object, documented option by option.
import type { Clock, FetchLike, IdentityProvider } from '@identity-web/core/provider';
import type { StoreSet } from '@identity-web/core/store';
import type { PageRenderer } from '../domain/page.js';
import type { SignInHook } from '../domain/sign-in-event.js';
import type { Logger } from '../ports/logger.port.js';
import type { DownstreamApi } from './downstream-api-options.js';
import type { SessionOptions } from './session-options.js';
import type { SharedSignalsOptions } from './shared-signals-options.js';

/**
 * Options of `createIdentityWeb`. Required: `baseUrl`, `secret`, and `identityProvider` or
 * `identityProviders` (one of the two).
 *
 * @example
 * ```ts
 * import { createIdentityWeb, type IdentityWebOptions } from '@identity-web/core';
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * const options: IdentityWebOptions = {
 *   identityProvider: createOidcProvider({ issuer, clientId, clientSecret }),
 *   baseUrl: 'https://app.example.com',
 *   secret: [process.env.IDENTITY_WEB_SECRET!, process.env.IDENTITY_WEB_OLD_SECRET!], // first signs, all verify
 *   scopes: ['openid', 'profile', 'offline_access', 'api://orders/read'],
 *   session: { idleSeconds: 30 * 60 },
 * };
 * const identity = createIdentityWeb(options);
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1 (Authentication using the Authorization Code Flow)
 *
 * @group Setup
 */
export interface IdentityWebOptions {
  /**
   * The IdP port: `createOidcProvider(...)` from `@identity-web/oidc` or `createMsalProvider(...)`
   * from `@identity-web/msal`. Or `identityProviders`, for several.
   */
  identityProvider?: IdentityProvider;
  /**
   * Several identity providers, by name: `{ work: createMsalProvider(...), partner:
   * createOidcProvider(...) }`. A sign-in picks one with `/auth/sign-in?provider=work`; without
   * `provider` the browser gets a page that lists them (`pages.render`, kind `choose-provider`).
   * Names are 1 to 32 letters, digits, `-` and `_`; issuers must differ, since logouts are told
   * apart by issuer. Each account and session belongs to its provider (`auth.account.provider`),
   * and no provider's logout ends another's sessions. The first one names the app in a shared
   * store and acquires `acquireTokenForApp`'s tokens. Not together with `identityProvider`.
   */
  identityProviders?: Readonly<Record<string, IdentityProvider>>;
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
  /** The signed-in session: its lifetimes, its cookie, its memo, and the session list. */
  session?: SessionOptions;
  /**
   * The per-user token cache.
   *
   * @example
   * ```ts
   * createIdentityWeb({
   *   identityProvider,
   *   baseUrl,
   *   secret,
   *   tokenCache: { ttlSeconds: 7 * 24 * 3600, refreshSkewSeconds: 120, hotIndexMaxAccounts: 50_000 },
   * });
   * ```
   *
   * @see RFC 6749 §6 (Refreshing an Access Token)
   */
  tokenCache?: {
    /** How long an account's partition lives without use, in seconds. Default 14 days. */
    ttlSeconds?: number;
    /**
     * The refresh margin's upper bound, in seconds. Default 300. A cached access token is served
     * until `min(refreshSkewSeconds, ¼ of its lifetime)` before it expires, then refreshed (once,
     * on one instance, whatever the number of callers). The lifetime is what the IdP granted
     * (`expires_in` from when the token arrived), so a 60 s token is served for 45 s and an 8 s one
     * for 6 s, where a fixed 300 s margin would refresh them on every call.
     *
     * Why a quarter: an active user then costs at most 4/3 of the grants an ideal cache would
     * (half would cost twice), and the margin still covers a slow downstream call and ordinary
     * clock drift. From 20-minute tokens up, the 300 s default decides.
     */
    refreshSkewSeconds?: number;
    /** Accounts kept in the in-process hot index. Default 10,000; 0 turns it off. */
    hotIndexMaxAccounts?: number;
  };
  /** Sign-in transactions expire after this many seconds. Default 600. */
  signInTtlSeconds?: number;
  /**
   * The front-channel logout route, `GET {basePath}/front-channel-logout` (OpenID Connect Front-Channel Logout 1.0).
   *
   * @example
   * ```ts
   * // For a provider that sends no front-channel logout requests:
   * createIdentityWeb({ identityProvider, baseUrl, secret, frontChannelLogout: { enabled: false } });
   * ```
   *
   * @see OpenID Connect Front-Channel Logout 1.0 §2: the `frontchannel_logout_uri` and its `iss` and
   * `sid` parameters.
   */
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
  /**
   * The back-channel logout route, `POST {basePath}/back-channel-logout` (OpenID Connect Back-Channel Logout 1.0).
   *
   * @example
   * ```ts
   * // Register https://app.example.com/auth/back-channel-logout at the provider; or, without one:
   * createIdentityWeb({ identityProvider, baseUrl, secret, backChannelLogout: { enabled: false } });
   * ```
   *
   * @see OpenID Connect Back-Channel Logout 1.0 §2.5 (Back-Channel Logout Request) and §2.6
   * (Logout Token Validation)
   */
  backChannelLogout?: {
    /** Serve the back-channel logout route. Default `true`. */
    enabled?: boolean;
  };
  /**
   * Receive an OpenID Shared Signals transmitter's security events (CAEP, RISC, Google's RISC):
   * each one about a user signed in here acts on every instance, as a logout does (see `docs/shared-signals.md`).
   */
  sharedSignals?: SharedSignalsOptions;
  /**
   * The HTML pages identity-web answers with (sign-in and sign-out problems, signed out, server error).
   *
   * @example
   * ```ts
   * const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
   * createIdentityWeb({
   *   identityProvider,
   *   baseUrl,
   *   secret,
   *   pages: {
   *     render: ({ title, message }) => `<!doctype html><title>${escape(title)}</title><p>${escape(message)}</p>`,
   *   },
   * });
   * ```
   */
  pages?: {
    /**
     * Renders every page to a full HTML document, to match the app's look. It gets the page's
     * `kind`, `status`, `title` and a `message` that is safe to show; all plain text, so escape
     * it. Default: a minimal page.
     * @example pages: { render: ({ title, message }) => layout(title, `<p>${escape(message)}</p>`) }
     */
    render?: PageRenderer;
  };
  /**
   * Revoke the account's refresh token at the provider (RFC 7009) whenever this app throws it
   * away: a sign-out here (`/sign-out`, `auth.signOutSession`), `identity.removeAccount`,
   * `signOutUser` and `signOutSession`, a new sign-in in the same browser replacing an account's
   * last session, the account registry evicting one, a sign-in `onSignIn` refused. Needs a provider
   * with a `revocation_endpoint` (`@identity-web/oidc` reads it from discovery; Entra ID has none).
   * A logout the provider sent (front-channel, back-channel, a Shared Signals event) never calls it
   * back. Default `true`.
   *
   * The revocation runs in the background, after the local sign-out, which never waits for it. It
   * ends within the provider's HTTP time limit (`timeoutMs` of `@identity-web/oidc`, 10 s by
   * default); a failure is logged (a warning with its code) and counted
   * (`identity_web_idp_errors_total{operation="revoke"}`), and never fails or undoes the sign-out.
   * `identity.settled()` waits for the ones still running. A runtime that may stop work left after
   * the response (Cloudflare Workers, some serverless functions) can cut one short unless given
   * `ctx.waitUntil(identity.settled())`: the tokens are gone from this app either way, but the
   * refresh token then stays valid at the provider until it expires.
   *
   * @see RFC 7009 §2 (Token Revocation)
   */
  revokeOnRemove?: boolean;
  /**
   * Decides about each sign-in before anything is stored: return `false` to refuse it (the user
   * sees a 403 "Sign-in refused" page; no session, token or registry entry is kept), or
   * `{ claims }` to add app claims to the session (`auth.user`, `auth.account.claims`; they win
   * over the IdP's claims of the same name). A hook that throws fails the sign-in (500).
   */
  onSignIn?: SignInHook;
  /**
   * Web APIs `auth.callApi(name, path)` calls with the user's access token, by name, each a
   * `downstreamApi({ baseUrl, scopes })` value (which brings callApi's code into the app).
   * @example downstreamApis: { orders: downstreamApi({ baseUrl: 'https://orders.example.com/v1', scopes: ['api://orders/read'] }) }
   */
  downstreamApis?: Readonly<Record<string, DownstreamApi>>;
  /** The fetch `callApi` uses. Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /**
   * Replace any store port; the defaults keep everything in process memory (one instance).
   * Several instances share one set of stores, e.g. `createRedisStores(...)` from `@identity-web/redis`.
   *
   * @example
   * ```ts
   * import { createRedisStores } from '@identity-web/redis';
   *
   * // Passed whole: the set learns which app it serves (`forApp`).
   * const stores = createRedisStores({ url: process.env.REDIS_URL! });
   * createIdentityWeb({ identityProvider, baseUrl, secret, stores });
   * ```
   */
  stores?: Partial<StoreSet>;
  /** The time source of every expiry decision. Default: the system clock. */
  clock?: Clock;
  /**
   * Where identity-web logs (failures, removals). Default: `consoleLogger()` — every 5xx it
   * answers and every refused identity-provider call writes one console line naming the code,
   * what happened and what to check; `debug` and `info` go nowhere. `silentLogger` writes
   * nothing; pino (`pino()`) and most structured loggers fit as they are.
   */
  logger?: Logger;
}
