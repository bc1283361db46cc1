import type { Account } from './account.js';

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
  /** Secret the sign-out form must echo (CSRF). */
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** A sign-in in flight. One-time, short-lived, keyed by `state`. */
export interface Transaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** Binds the transaction to the browser that started it (login CSRF). */
  readonly browserBinding: string;
  readonly returnTo: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
}
