// The shapes of a signed-in session, kept server-side, and of a sign-in in flight, kept in the browser.
import type { Account } from './account.js';

/** What a step-up sign-in asked the provider for (RFC 9470 §4): `acr_values`, `max_age`. */
export interface StepUp {
  readonly acrValues?: readonly string[];
  /** Seconds. */
  readonly maxAge?: number;
}

/** One browser's sign-in, kept server-side; the cookie carries only the signed id. */
export interface Session {
  readonly id: string;
  readonly accountKey: string;
  readonly account: Account;
  /** The IdP's issuer; with `sid` it identifies the session for logout (never `sid` alone). */
  readonly issuer: string;
  /** The IdP session id (`sid` claim), when the IdP sends one. */
  readonly sid?: string;
  /** The id token, sent back as `id_token_hint` on RP-initiated logout. */
  readonly idTokenHint?: string;
  /** Scopes the sign-in that opened this session asked for. */
  readonly scopes?: readonly string[];
  /**
   * Scopes the IdP granted that sign-in (the token response's `scope`, RFC 6749 §5.1; the asked
   * ones when it reported none). `requireAuth({ scopes })` checks these.
   */
  readonly grantedScopes?: readonly string[];
  /** The step-up the sign-in that opened this session asked for, if it was one. */
  readonly stepUp?: StepUp;
  /** Secret the sign-out form must echo (CSRF). */
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /**
   * The browser and system the sign-in came from (`Chrome 131 on Windows`), summarized from its
   * `User-Agent` for a user's session list; absent when the request sent none.
   */
  readonly device?: string;
  /**
   * When a request last refreshed the idle deadline (epoch ms); absent until the first refresh,
   * which means `createdAt`. Only used with `session.idleSeconds`.
   */
  readonly lastSeenAt?: number;
}

/**
 * A sign-in in flight. It travels sealed in a cookie of the browser that started it, never in
 * a server store: an anonymous request creates no server state, and a callback carrying
 * another browser's `state` finds no transaction (login CSRF).
 */
export interface Transaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  /** Epoch milliseconds after which the callback is refused. */
  readonly expiresAt: number;
  /**
   * The session this browser had when the sign-in started, which the sign-in ends. Read at
   * `/sign-in`, a same-site navigation: a `form_post` callback is a cross-site POST, which
   * carries the `SameSite=None` transaction cookie but not the `SameSite=Lax` session cookie.
   */
  readonly previousSessionId?: string;
  /** The provider the sign-in went to, by its name under `identityProviders`; absent with a single one. */
  readonly provider?: string;
  /**
   * When the callback started this sign-in again because a logout of the account overtook the
   * one before (epoch ms); absent on a sign-in the user started. See `mayRestartSignIn`.
   */
  readonly restartedAt?: number;
  /** The step-up this sign-in asks the provider for, if it is one. */
  readonly stepUp?: StepUp;
}
