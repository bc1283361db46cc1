// createIdentityWebApi's options as an API writes them.
import type { Logger } from '@identity-web/core';
import type { Clock, IdentityProvider } from '@identity-web/core/provider';
import type { ReplayCache, StoreSet } from '@identity-web/core/store';
import type { ApiIntrospectionOptions } from './introspection-options.js';

/**
 * What an API needs of an identity provider: a part of the one provider port, `IdentityProvider`
 * (whose documentation says what each member does). Its issuer, the check of an access token's
 * signature against its keys, and what the API's options use (`introspectAccessToken` for
 * `introspection`, `acquireTokenOnBehalfOf` for further APIs, `verifyLogoutToken` for
 * `apiBackChannelLogout`). `createOidcApiProvider(...)` of `@identity-web/oidc` is one, and so is
 * `createMsalProvider(...)` of `@identity-web/msal`; `createOidcProvider(...)`, a web app's, has no
 * access-token check and is refused.
 *
 * @group Protected API
 */
export type AccessTokenProvider = Required<Pick<IdentityProvider, 'verifyAccessTokenSignature'>> &
  Pick<
    IdentityProvider,
    | 'issuer'
    | 'clientId'
    | 'acceptsIssuer'
    | 'userIssuer'
    | 'checkApiUse'
    | 'accessTokenFormat'
    | 'acquireTokenOnBehalfOf'
    | 'introspectAccessToken'
  > &
  Partial<Pick<IdentityProvider, 'verifyLogoutToken'>>;

/**
 * The stores of an API: the web app's store set (`StoreSet`, one type for every store
 * package) as far as an API uses it. `tokenCacheStore` keeps the tokens obtained on behalf
 * of users, sealed with `secret`; `accountRegistry` finds them for sign-outs; `replayCache`
 * remembers DPoP proofs', logout tokens' and security events' `jti`s and the sessions that
 * ended. Each defaults to its in-memory store. A store package's whole set
 * (`createRedisStores(...)`, `createPostgresStores(...)`) may be given. Share them between the
 * API's instances, or a sign-out that reaches one instance leaves the others' tokens.
 *
 * @group Protected API
 */
export type ApiStoreOptions = Partial<Pick<StoreSet, 'tokenCacheStore' | 'accountRegistry' | 'replayCache' | 'forApp'>>;

/**
 * Options of `createIdentityWebApi`. Required: `identityProvider` (or `identityProviders`),
 * `audience` and `baseUrl`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 *   dpop: { nonce: true, nonceSecret: process.env.DPOP_NONCE_SECRET },
 * });
 * ```
 *
 * @see RFC 9068 (JWT Profile for OAuth 2.0 Access Tokens), RFC 6750 (Bearer Token Usage), RFC 9449 (DPoP)
 *
 * @group Protected API
 */
export interface IdentityWebApiOptions {
  /**
   * The provider whose access tokens the API accepts: `createOidcApiProvider(...)` from
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
  /**
   * Opaque access tokens (any token that is not a JWT): `true` sends each to the provider's
   * introspection endpoint (RFC 7662) with the API's client credentials (so the provider needs
   * `clientSecret` or `clientAuth: privateKeyJwt(keys)`), and takes it when the answer says it is active and
   * meant for `audience`. Default `false`: an opaque token is refused. JWTs are verified with the
   * provider's keys either way.
   */
  introspection?: boolean | ApiIntrospectionOptions;
  /**
   * Shared Signals (CAEP, RISC) reaching the API: Security Event Tokens the transmitter pushes to
   * the route of each adapter's `apiSecurityEvents(api)` (RFC 8935) end the sessions and remove
   * the tokens obtained on behalf of the users they name, as a back-channel logout does. Default: none.
   */
  sharedSignals?: {
    /** `sharedSignalsTransmitter(...)` of `@identity-web/oidc`: the transmitter's metadata, and its keys for each SET. */
    transmitter: {
      /** The transmitter's configuration metadata (SSF 1.0 §7.1), fetched once and kept. */
      metadata(): Promise<{
        /** The transmitter's issuer: every SET's `iss`. */
        readonly issuer: string;
        /** Whether SETs must be typed `secevent+jwt` (SSF 1.0 §4.1.1). */
        readonly explicitTyping: boolean;
        /** Members of a complex subject a receiver must understand or discard the event (SSF 1.0 §3.7). */
        readonly criticalSubjectMembers: readonly string[];
      }>;
      /** Verifies a SET's signature against the transmitter's keys; a fault of the SET is thrown as `refuse(reason)`. */
      verifySignature(
        jwt: string,
        refuse: (reason: string, cause?: unknown) => Error,
      ): Promise<{
        /** The JWS protected header. */
        readonly protectedHeader: Readonly<Record<string, unknown>>;
        /** The payload, base64url-decoded: the claims set as UTF-8 JSON. */
        readonly payload: Uint8Array;
      }>;
    };
    /** The provider whose users the events name, by its issuer, when the API trusts several. Default: the first. */
    issuer?: string;
    /** The `aud` of the transmitter's SETs, one or several. Default: the provider's `clientId`. */
    audience?: string | readonly string[];
    /** Pushes: the `Authorization` header the transmitter sends (16 characters or more). Default: none asked. */
    push?: {
      /** The whole `Authorization` header value the transmitter sends, e.g. `Bearer <secret>`. */
      authorization?: string;
    };
    /** CAEP `credential-change`: `'remove-account'` (default) removes the user's tokens; `'acknowledge'` keeps them. */
    credentialChange?: 'remove-account' | 'acknowledge';
    /** The oldest SET accepted, by its `iat`, in seconds. Default 86400, from 60. */
    maxAgeSeconds?: number;
    /** The clock difference allowed for a SET's `iat`, in seconds. Default 60, at most 600. */
    clockSkewSeconds?: number;
  };
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
   * passes. Default: `stores.replayCache`, else one in process memory of 100,000 entries.
   */
  replayCache?: ReplayCache;
  /**
   * At least 32 random characters (or a list: the first seals, all open), the same on every
   * instance: it seals the tokens the API obtains on behalf of its users
   * (`api.acquireTokenOnBehalfOf`), which it needs. An API that calls no further API needs none.
   */
  secret?: string | readonly string[];
  /**
   * The stores of the tokens the API obtains on behalf of its users, and of what sign-outs
   * leave behind: `createRedisStores(...)` or `createPostgresStores(...)` whole, shared by the
   * API's instances. Default: each port in process memory.
   */
  stores?: ApiStoreOptions;
  /**
   * How long a sign-out stays remembered, in seconds: tokens that carry the `sid` of a session it
   * ended, and a user's tokens issued before a sign-out of every session of theirs, get 401 until
   * then. At least the provider's access-token lifetime. Default 86400 (24 h), at most 604800.
   */
  endedSessionSeconds?: number;
  /** Where the API logs what it does not answer (a failed revocation, a dropped partition). Default: none. */
  logger?: Logger;
  /** The `realm` of the API's `WWW-Authenticate` challenges (RFC 6750 §3). Default: none. */
  realm?: string;
  /** Where every time decision reads the time (tests). Default `Date.now()`. */
  clock?: Clock;
}
