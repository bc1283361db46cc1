// The identity-provider port the IdP packages implement; the requests it takes and the results it
// gives are in identity-provider-requests.ts.
import type { Account } from '../domain/account.js';
import type { UserInfoFailureReason } from '../domain/events.js';
import type { LogoutTokenClaims } from '../domain/logout-token.js';
import type {
  AuthorizationRequest,
  CodeRedemption,
  EndSessionRequest,
  SignInResult,
  SilentTokenRequest,
  TokenResult,
} from './identity-provider-requests.js';

export type { LogoutTokenClaims, UserInfoFailureReason };

/**
 * The IdP port, implemented by `@identity-web/msal` and `@identity-web/oidc`.
 * Every method throws an `IdentityWebError` (never an untyped error) on failure.
 *
 * @group Provider port
 */
export interface IdentityProvider {
  /** The issuer identifier; front-channel requests without `iss` mean this one. */
  readonly issuer: string;
  /**
   * The app's client id at this provider. With the issuer it names the app, so stores that
   * several apps share (one Redis) keep each app's keys apart.
   */
  readonly clientId?: string;
  /** Origin of the IdP's pages, allowed to frame the front-channel logout route. */
  readonly frameOrigin?: string;
  /**
   * How the IdP returns the code. `form_post` is a cross-site POST, which carries only
   * `SameSite=None` cookies, so the sign-in binding cookie follows this. Default `query`.
   */
  readonly responseMode?: 'query' | 'form_post';
  /** Builds the authorization request URL the browser is sent to. */
  authorizationUrl(request: AuthorizationRequest): Promise<URL>;
  /** Checks the callback and redeems its code: the account and its first token-cache partition. */
  redeemCode(redemption: CodeRedemption): Promise<SignInResult>;
  /** Throws `InteractionRequiredError` when only the user can help. */
  acquireTokenSilent(partition: string, account: Account, request: SilentTokenRequest): Promise<TokenResult>;
  /**
   * The partition's cached token for the request when it is not yet due, else `null`; never a
   * call to the IdP. While another instance holds the account's refresh lease, a waiting caller
   * serves the holder's fresh token through this instead of waiting for the lease.
   */
  cachedToken?(partition: string, account: Account, request: SilentTokenRequest): Promise<TokenResult | null>;
  /** `null` when the IdP has no end-session endpoint. */
  endSessionUrl(request: EndSessionRequest): Promise<URL | null>;
  /** Verifies signature and claims; throws `IdentityWebError` with code `invalid_logout_token`. */
  verifyLogoutToken(jwt: string): Promise<LogoutTokenClaims>;
  /**
   * For an API that accepts this provider's access tokens (`createIdentityWebApi`): verifies a JWT
   * access token's signature against the provider's keys with its pinned asymmetric algorithms
   * (RFC 9068 §4 step 4; never `none`, never an HMAC) and returns its protected header and
   * payload bytes; the core checks the claims. A fault of the token is thrown as
   * `refuse(reason)`, in fixed words; a fault of the provider (its key set unreachable) as an
   * `IdentityWebError` of its own. A provider without it cannot protect an API.
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
  /**
   * For an API: whether a token's `iss` is this provider's, when that is more than `iss ===
   * issuer`: a multi-tenant issuer with the token's tenant (`tid`) in it, or Entra ID's v1.0
   * issuer. Called with the unverified claims to pick whose keys verify a token, then with the
   * verified ones.
   */
  acceptsIssuer?(iss: string, claims: Readonly<Record<string, unknown>>): boolean;
  /**
   * For an API: the issuer it files a user under, for an `iss` this provider accepts: the one its
   * sign-outs and on-behalf-of grants go by. Default: the provider's `issuer`. Entra ID's is the
   * v2.0 issuer of the token's tenant, so a user's v1.0 and v2.0 tokens are one user and the
   * tenants of a multi-tenant provider never share.
   */
  userIssuer?(iss: string, claims: Readonly<Record<string, unknown>>): string;
  /**
   * For an API: throws `invalid_option` when the provider is not configured for an API's use (a
   * multi-tenant Entra authority that does not say which tenants it serves). Called once, by
   * `createIdentityWebApi`.
   */
  checkApiUse?(): void;
  /** For an API: the shape of the provider's access tokens. Default `rfc9068`; `entra` for Entra ID. */
  readonly accessTokenFormat?: 'rfc9068' | 'entra';
  /**
   * For an API that takes opaque access tokens: RFC 7662, the provider's answer about one, asked
   * at its introspection endpoint (`endpoint` when given, else its discovery document's) with the
   * API's client authentication (`active: false` for a token it does not know); throws an
   * `IdentityWebError` `idp_unavailable` when the provider cannot be reached.
   */
  introspectAccessToken?(
    token: string,
    options?: { readonly endpoint?: string },
  ): Promise<Readonly<Record<string, unknown>>>;
  /**
   * For an API that calls further APIs on behalf of its caller (`api.acquireTokenOnBehalfOf`): a
   * token for `request.scopes` in exchange for the access token the API received (`assertion`),
   * by RFC 8693 token exchange or Entra's on-behalf-of grant. Tokens are cached in `partition`
   * (the user's, opaque, owned by the IdP package) by assertion and scopes, served until due, and
   * expired ones dropped at each write. The user must act (consent, MFA): `InteractionRequiredError`.
   */
  acquireTokenOnBehalfOf?(
    partition: string | null,
    assertion: string,
    request: SilentTokenRequest,
  ): Promise<TokenResult>;
  /** A token for the app itself (client credentials), cached in an app partition. */
  acquireTokenForApp?(partition: string | null, request: SilentTokenRequest): Promise<TokenResult>;
  /** Revokes the partition's refresh token (RFC 7009). Failures must not block removal. */
  revoke?(partition: string): Promise<void>;
  /**
   * The partition without its cached access tokens, the refresh token and the rest kept: a
   * Shared Signals `token-claims-change` drops them so the next call refreshes and carries the
   * new claims. Never a call to the IdP. Without it, such an event removes the account instead.
   */
  withoutAccessTokens?(partition: string): string;
}
