// What the identity-provider port's methods take and return: a sign-in's request and result, a
// token request and its result, DPoP proofs, an RP-initiated logout's request.
import type { Account } from '../domain/account.js';
import type { UserInfoFailureReason } from '../domain/events.js';

/**
 * Everything needed to build an authorization request. The core makes state, nonce and PKCE.
 *
 * @group Provider port
 */
export interface AuthorizationRequest {
  /** Where the provider sends the browser back: `{baseUrl}{basePath}/callback`. */
  readonly redirectUri: string;
  /** The `state` to send; the callback must return it. */
  readonly state: string;
  /** The `nonce` the ID token must carry. */
  readonly nonce: string;
  /** PKCE S256 challenge of the transaction's verifier. */
  readonly codeChallenge: string;
  /** The scopes to ask for. */
  readonly scopes: readonly string[];
  /** The `prompt` parameter (`login`, `consent`, `select_account`, `none`). */
  readonly prompt?: string;
  /** The `login_hint` parameter. */
  readonly loginHint?: string;
  /** The `domain_hint` parameter (Entra ID). */
  readonly domainHint?: string;
  /** Claims request (JSON string), e.g. from a claims challenge. */
  readonly claims?: string;
  /** Authentication context classes a step-up asks for (`acr_values`, RFC 9470 §4). */
  readonly acrValues?: readonly string[];
  /** How long ago, at most, the user may have authenticated, in seconds (`max_age`, RFC 9470 §4). */
  readonly maxAge?: number;
  /**
   * Resource indicators (RFC 8707 §2.1) of the APIs the grant should cover: those of the
   * configured downstream APIs. Providers that name APIs by scope (Entra ID) ignore them.
   */
  readonly resources?: readonly string[];
}

/**
 * The callback as received: query or form_post parameters, plus the transaction's secrets.
 *
 * @group Provider port
 */
export interface CodeRedemption {
  /** The callback's parameters, from the query or the `form_post` body. */
  readonly params: URLSearchParams;
  /** The redirect URI the authorization request used. */
  readonly redirectUri: string;
  /** The `state` the transaction expects. */
  readonly state: string;
  /** The `nonce` the ID token must carry. */
  readonly nonce: string;
  /** The PKCE verifier of the transaction. */
  readonly codeVerifier: string;
  /** The scopes the sign-in asked for. */
  readonly scopes: readonly string[];
}

/**
 * What a successful sign-in yields.
 *
 * @group Provider port
 */
export interface SignInResult {
  /** The signed-in account. */
  readonly account: Account;
  /** IdP session id (`sid`), if the id token carries one. */
  readonly sid?: string;
  /** Raw id token, kept only as `id_token_hint` for RP-initiated logout. */
  readonly idToken?: string;
  /** Initial token-cache partition for this account (opaque, owned by the IdP adapter). */
  readonly partition: string;
  /**
   * Scopes the IdP granted (the token response's `scope`, RFC 6749 §5.1). Leave it out when the
   * IdP did not say: the core then takes the requested scopes, as §5.1 prescribes.
   */
  readonly grantedScopes?: readonly string[];
  /**
   * What the sign-in did without, although the user got in: the core logs each at `warn` and
   * counts it (the `userInfoFailed` event). An IdP package without optional calls leaves it out.
   */
  readonly warnings?: readonly SignInWarning[];
}

/**
 * An optional step of a sign-in that failed without failing the sign-in. Today the one kind is
 * a failed UserInfo request (OpenID Connect Core 1.0 §5.3) whose claims the sign-in would have
 * added to the ID token's: the user is signed in with the ID token's claims alone.
 *
 * @group Provider port
 */
export interface SignInWarning {
  /** What failed: the UserInfo request. */
  readonly step: 'userinfo';
  /** Why, as a fixed value (see {@link UserInfoFailureReason}). */
  readonly reason: UserInfoFailureReason;
  /** The cause and the fix, in one sentence for the log; never a token, code or claim value. */
  readonly detail: string;
}

/**
 * A request for an access token without the user.
 *
 * @group Provider port
 */
export interface SilentTokenRequest {
  /** The scopes the token must have. */
  readonly scopes: readonly string[];
  /** Skip cached tokens and refresh. */
  readonly forceRefresh: boolean;
  /** A claims challenge (JSON string) to pass to the provider. */
  readonly claims?: string;
  /**
   * Resource indicator (RFC 8707 §2.2) of the API the token is for. Tokens of different
   * resources are cached apart. Providers that name APIs by scope (Entra ID) ignore it.
   */
  readonly resource?: string;
  /**
   * The configured refresh skew in seconds. A cached token is served until
   * `refreshDueAt(expiresAt, issuedAt, refreshSkewSeconds)` (from `@identity-web/core/provider`):
   * the skew or a quarter of its lifetime before expiry, whichever is less.
   */
  readonly refreshSkewSeconds: number;
}

/**
 * An access token, and the partition to store back.
 *
 * @group Provider port
 */
export interface TokenResult {
  /** The access token. */
  readonly accessToken: string;
  /** Expiry as epoch milliseconds. */
  readonly expiresAt: number;
  /**
   * When the token was received from the IdP (epoch ms): with `expiresAt` it gives the lifetime
   * the refresh margin is a share of. Leave it out when unknown; the whole skew then applies.
   */
  readonly issuedAt?: number;
  /** The scopes it was granted for. */
  readonly scopes: readonly string[];
  /** The token type: `Bearer`, or `DPoP` for a sender-constrained token (RFC 9449 §5). */
  readonly tokenType: string;
  /** The partition after this call, or `null` when it did not change. */
  readonly partition: string | null;
  /**
   * With `tokenType` `DPoP`: makes the proofs that must go with the token to a resource server
   * (RFC 9449 §7), with the key the token is bound to. Required for a DPoP token: the core never
   * sends one without a proof, nor as a Bearer token.
   */
  readonly dpop?: DpopProver;
}

/**
 * What a DPoP proof for a resource server is made for (RFC 9449 §4.2, §7).
 *
 * @group Provider port
 */
export interface DpopProofRequest {
  /** The HTTP method of the request (`htm`). */
  readonly method: string;
  /** The request's URL; its query and fragment are left out of `htu`. */
  readonly url: string;
  /** The access token the request carries; its hash is the proof's `ath`. */
  readonly accessToken: string;
  /** The server's `DPoP-Nonce`, when it gave one (RFC 9449 §9). */
  readonly nonce?: string;
}

/**
 * Makes DPoP proofs with the key an access token is bound to.
 *
 * @group Provider port
 */
export interface DpopProver {
  /** A new proof JWT (fresh `jti`, `iat` now) for one request. */
  proof(request: DpopProofRequest): Promise<string>;
}

/**
 * What an RP-initiated logout URL is built from (OpenID Connect RP-Initiated Logout 1.0).
 *
 * @group Provider port
 */
export interface EndSessionRequest {
  /** Where the provider sends the browser after sign-out. */
  readonly postLogoutRedirectUri: string;
  /** The `state` to send; `/signed-out` checks it. */
  readonly state: string;
  /** The ID token of the session, as `id_token_hint`. */
  readonly idTokenHint?: string;
  /** The `logout_hint` (Entra's `login_hint` claim). */
  readonly logoutHint?: string;
}
