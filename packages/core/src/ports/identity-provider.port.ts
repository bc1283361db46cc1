import type { Account } from '../domain/account.js';
import type { LogoutTokenClaims } from '../domain/logout-token.js';

export type { LogoutTokenClaims };

/** Everything needed to build an authorization request. The core makes state, nonce and PKCE. */
export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  /** PKCE S256 challenge of the transaction's verifier. */
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
  readonly prompt?: string;
  readonly loginHint?: string;
  readonly domainHint?: string;
  /** Claims request (JSON string), e.g. from a claims challenge. */
  readonly claims?: string;
  /**
   * Resource indicators (RFC 8707 §2.1) of the APIs the grant should cover: those of the
   * configured downstream APIs. Providers that name APIs by scope (Entra ID) ignore them.
   */
  readonly resources?: readonly string[];
}

/** The callback as received: query or form_post parameters, plus the transaction's secrets. */
export interface CodeRedemption {
  readonly params: URLSearchParams;
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly scopes: readonly string[];
}

export interface SignInResult {
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
}

export interface SilentTokenRequest {
  readonly scopes: readonly string[];
  readonly forceRefresh: boolean;
  readonly claims?: string;
  /**
   * Resource indicator (RFC 8707 §2.2) of the API the token is for. Tokens of different
   * resources are cached apart. Providers that name APIs by scope (Entra ID) ignore it.
   */
  readonly resource?: string;
  /** Seconds before expiry within which a cached token counts as expired. */
  readonly refreshSkewSeconds: number;
}

export interface TokenResult {
  readonly accessToken: string;
  /** Expiry as epoch milliseconds. */
  readonly expiresAt: number;
  readonly scopes: readonly string[];
  readonly tokenType: string;
  /** The partition after this call, or `null` when it did not change. */
  readonly partition: string | null;
}

export interface EndSessionRequest {
  readonly postLogoutRedirectUri: string;
  readonly state: string;
  readonly idTokenHint?: string;
  readonly logoutHint?: string;
}

/**
 * The IdP port, implemented by `@identity-web/msal` and `@identity-web/oidc`.
 * Every method throws an `IdentityWebError` (never an untyped error) on failure.
 */
export interface IdentityProvider {
  /** The issuer identifier; front-channel requests without `iss` mean this one. */
  readonly issuer: string;
  /** Origin of the IdP's pages, allowed to frame the front-channel logout route. */
  readonly frameOrigin?: string;
  /**
   * How the IdP returns the code. `form_post` is a cross-site POST, which carries only
   * `SameSite=None` cookies, so the sign-in binding cookie follows this. Default `query`.
   */
  readonly responseMode?: 'query' | 'form_post';
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  redeemCode(redemption: CodeRedemption): Promise<SignInResult>;
  /** Throws `InteractionRequiredError` when only the user can help. */
  acquireTokenSilent(partition: string, account: Account, request: SilentTokenRequest): Promise<TokenResult>;
  /** `null` when the IdP has no end-session endpoint. */
  endSessionUrl(request: EndSessionRequest): Promise<URL | null>;
  /** Verifies signature and claims; throws `IdentityWebError` with code `invalid_logout_token`. */
  verifyLogoutToken(jwt: string): Promise<LogoutTokenClaims>;
  acquireTokenForApp?(partition: string | null, request: SilentTokenRequest): Promise<TokenResult>;
  /** Revokes the partition's refresh token (RFC 7009). Failures must not block removal. */
  revoke?(partition: string): Promise<void>;
}
