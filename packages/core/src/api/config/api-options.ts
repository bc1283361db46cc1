// createIdentityWebApi's options as an API writes them.
import type { Clock } from '../../ports/clock.port.js';
import type { ReplayCache } from '../../ports/replay-cache.port.js';

/**
 * What an API needs of an identity provider: its issuer, and the check of an access token's
 * signature against its keys. `createOidcProvider(...)` of `@identity-web/oidc` is one.
 */
export interface AccessTokenProvider {
  /** The issuer its tokens name in `iss`. */
  readonly issuer: string;
  /**
   * Verifies a JWT's signature with the provider's keys and pinned asymmetric algorithms; throws
   * `refuse(reason)` for a fault of the token, anything else for a fault of the provider.
   */
  verifyAccessTokenSignature?(
    jwt: string,
    refuse: (reason: string, cause?: unknown) => Error,
  ): Promise<{
    /** The JWS protected header. */
    readonly protectedHeader: Readonly<Record<string, unknown>>;
    /** The payload, base64url-decoded: the JWT claims set as UTF-8 JSON. */
    readonly payload: Uint8Array;
  }>;
}

/**
 * Options of `createIdentityWebApi`. Required: `identityProvider` (or `identityProviders`),
 * `audience` and `baseUrl`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core';
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 *   dpop: { nonce: true, nonceSecret: process.env.DPOP_NONCE_SECRET },
 * });
 * ```
 *
 * @see RFC 9068 (JWT Profile for OAuth 2.0 Access Tokens), RFC 6750 (Bearer Token Usage), RFC 9449 (DPoP)
 */
export interface IdentityWebApiOptions {
  /**
   * The provider whose access tokens the API accepts: `createOidcProvider(...)` from
   * `@identity-web/oidc`. Its keys (found through its discovery document) verify every token.
   * Or `identityProviders`, for several.
   */
  identityProvider?: AccessTokenProvider;
  /**
   * Several providers whose access tokens the API accepts: a token's `iss` says whose keys must
   * verify it, and a token naming one issuer and signed by another is refused. Issuers must differ.
   */
  identityProviders?: readonly AccessTokenProvider[];
  /**
   * The API's identifier at the provider (its resource indicator or App ID URI): every token's
   * `aud` must name it (RFC 9068 §4 step 3), so a token issued for another API is refused.
   */
  audience: string;
  /**
   * The API's public origin, e.g. `https://orders.example.com`: a DPoP proof's `htu` must name a
   * URL on it, never on the request's `Host` header (which a client controls). Plain `http` only
   * for localhost / 127.0.0.1 / [::1]. A path is not allowed: the path is the request's.
   */
  baseUrl: string;
  /** The clock difference allowed for a token's `exp`, `nbf` and `iat`, in seconds. Default 60, at most 600. */
  clockSkewSeconds?: number;
  /** DPoP-bound tokens (RFC 9449): accepted by default; `required` and `nonce` tighten the rules. */
  dpop?: {
    /** Refuse the `Bearer` scheme: every token must be DPoP-bound and come with a proof. Default `false`. */
    required?: boolean;
    /**
     * Require in every proof a nonce the API issued (RFC 9449 §9), sent in the `DPoP-Nonce` header
     * of every answer; a proof without a current one gets 401 `use_dpop_nonce`. Default `false`.
     */
    nonce?: boolean;
    /**
     * The secret nonces are made with, at least 32 characters: set the same one on every instance
     * of the API so each accepts the others' nonces. Default: one drawn per process.
     */
    nonceSecret?: string;
  };
  /**
   * Where accepted DPoP proofs are remembered so each is used once (RFC 9449 §11.1): share one
   * between instances (`createRedisStores(...).replayCache`) or a replay on another instance
   * passes. Default: one in process memory of 100,000 entries.
   */
  replayCache?: ReplayCache;
  /** The `realm` of the API's `WWW-Authenticate` challenges (RFC 6750 §3). Default: none. */
  realm?: string;
  /** Where every time decision reads the time (tests). Default `Date.now()`. */
  clock?: Clock;
}
