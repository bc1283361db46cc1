// The stable error codes: the one catalogue of every error identity-web throws on purpose.
/**
 * Stable error codes, the one catalogue of every error identity-web throws on purpose. A code
 * survives a process boundary (logs, JSON bodies, a second copy of the library) where
 * `instanceof` does not, so callers branch on `code`. How each is answered over HTTP
 * (status, `expose`, page) is decided by one table, `ERROR_ANSWERS`.
 *
 * @group Errors
 */
export const ErrorCode = {
  /** An option given to a factory (`createIdentityWeb`, `createOidcProvider`, ...) is invalid; `option` names it. */
  InvalidOption: 'invalid_option',
  /** A function of the library was called wrongly (a programmer error, not a network input); `option` names the argument. */
  InvalidArgument: 'invalid_argument',
  /** Only the user can help: consent, MFA, a claims challenge, an expired refresh token. Answered with a challenge. */
  InteractionRequired: 'interaction_required',
  /**
   * A fresh sign-in that asked for exactly these scopes came back without the user's consent to
   * them (the IdP answered `consent_required`, `invalid_scope`, …): 403 instead of a sign-in loop.
   */
  ConsentNotGranted: 'consent_not_granted',
  /**
   * A sign-in moments ago did not cure what the IdP refuses for other reasons (a revoked grant,
   * `invalid_grant`, `login_required`; the message names the IdP's reason): 403 instead of
   * sending the user round the same loop again.
   */
  SignInLoop: 'sign_in_loop',
  /**
   * A signed-in user lacks a role, a granted scope or a claim a route requires (`requireAuth({ roles,
   * scopes, claim })`): 403. Signing in again would not help, so no challenge is offered.
   */
  Forbidden: 'forbidden',
  /** The app's `onSignIn` hook refused this sign-in (403); no session, token or registry entry was kept. */
  SignInRefused: 'sign_in_refused',
  /** The sign-in response's `state` is missing, unknown, expired, replayed or from another browser. */
  InvalidState: 'invalid_state',
  /** The sign-in response is malformed or failed validation (id token, `iss`, nonce). */
  InvalidCallback: 'invalid_callback',
  /** The identity provider answered with an OAuth error. */
  IdpError: 'idp_error',
  /** The identity provider could not be reached or timed out (503). */
  IdpUnavailable: 'idp_unavailable',
  /** A logout token failed verification (OIDC Back-Channel Logout 1.0 §2.6). */
  InvalidLogoutToken: 'invalid_logout_token',
  /** A logout token's `jti` was already used. */
  LogoutTokenReplayed: 'logout_token_replayed',
  /** A Security Event Token failed verification (RFC 8417, OpenID Shared Signals Framework 1.0 §4). */
  InvalidSecurityEvent: 'invalid_security_event',
  /** A Security Event Token's `jti` was already received. */
  SecurityEventReplayed: 'security_event_replayed',
  /** A request to an auth route is malformed (body type, repeated or oversized parameter). */
  InvalidRequest: 'invalid_request',
  /** The sign-out request failed the CSRF checks (403). */
  CsrfFailed: 'csrf_failed',
  /** A `returnTo` is not a path on this site. */
  InvalidReturnTo: 'invalid_return_to',
  /** A token was asked for without a signed-in user. Answered with a challenge. */
  NotAuthenticated: 'not_authenticated',
  /** A stored token-cache entry cannot be decrypted (foreign, tampered, or its key was retired). */
  CacheDecryptFailed: 'cache_decrypt_failed',
  /** A store kept changing under a compare-and-set (503). */
  StoreConflict: 'store_conflict',
  /** A store could not be reached (503); nothing was reported as done. */
  StoreUnavailable: 'store_unavailable',
  /** An auth route was called with a method it does not serve (405). */
  MethodNotAllowed: 'method_not_allowed',
  /** A path under the auth routes' base path that is no auth route (Next.js's catch-all route): 404. */
  NotFound: 'not_found',
  /**
   * `protectApi` refused the access token (RFC 6750 §3.1): expired, for another audience, badly
   * signed, of a session that ended. A refusal's code, never thrown: `protectApi` answers it
   * with its status and a `WWW-Authenticate` challenge.
   */
  InvalidToken: 'invalid_token',
  /** `protectApi`: the route needs scopes the access token lacks (RFC 6750 §3.1). A refusal's code, never thrown. */
  InsufficientScope: 'insufficient_scope',
  /** `protectApi`: the route needs a stronger or fresher authentication (RFC 9470 §3). A refusal's code, never thrown. */
  InsufficientUserAuthentication: 'insufficient_user_authentication',
  /** `protectApi` refused the request's DPoP proof (RFC 9449 §7.1). A refusal's code, never thrown. */
  InvalidDpopProof: 'invalid_dpop_proof',
  /** `protectApi` wants a DPoP proof with its current nonce (RFC 9449 §9). A refusal's code, never thrown. */
  UseDpopNonce: 'use_dpop_nonce',
  /** Anything unexpected; its details go to the log only. */
  ServerError: 'server_error',
} as const;

/**
 * One of the codes of {@link ErrorCode}.
 *
 * @group Errors
 */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
