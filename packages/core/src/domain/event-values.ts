// The fixed values the events carry and metrics count by: removal reasons, logout channels and
// refusals, UserInfo failures, token sources and identity-provider operations.

/**
 * Why an account left the token cache, or a session ended: a sign-out path (`'sign-out'`,
 * `'front-channel'`, `'back-channel'`), `identity.removeAccount()` (`'api'`), a new sign-in in the
 * same browser that ended the account's last session (`'replaced'`), or the account registry
 * dropping the entry a logout would find it by, to stay within its bounds (`'evicted'`): then
 * the session ends, and with the account's last entry the account goes too, so no logout can miss
 * tokens that are still cached.
 *
 * @group Events
 */
export type RemovalReason =
  | 'sign-out'
  | 'front-channel'
  | 'back-channel'
  | 'security-event'
  | 'api'
  | 'replaced'
  | 'evicted';
/** Every removal reason, for metrics that show each series from the start. */
export const REMOVAL_REASONS: readonly RemovalReason[] = [
  'sign-out',
  'front-channel',
  'back-channel',
  'security-event',
  'api',
  'replaced',
  'evicted',
];

/**
 * The logout notification channels an identity provider uses (OIDC Front- and Back-Channel Logout 1.0).
 *
 * @group Events
 */
export type LogoutChannel = 'front-channel' | 'back-channel';
export const LOGOUT_CHANNELS: readonly LogoutChannel[] = ['front-channel', 'back-channel'];

/**
 * Why a logout notification ended nothing. Back-channel: the error code of the 4xx or 5xx answer
 * (`invalid_request`, `invalid_logout_token`, `logout_token_replayed`, or an outage's code: the
 * provider's keys or the stores could not be reached; `internal_error` for anything else).
 * Front-channel: `invalid_request` (a repeated `iss` or `sid`, or `iss` without `sid`),
 * `wrong_issuer` (an `iss` or `provider` that names no configured provider, or two that disagree),
 * `provider_not_named` (several `identityProviders`, and neither `iss` nor `provider` says which)
 * or `no_session_named` (neither `iss` nor `sid`, and no cookie fallback that applies).
 *
 * @group Events
 */
export type LogoutRefusalReason =
  | 'invalid_request'
  | 'invalid_logout_token'
  | 'logout_token_replayed'
  | 'wrong_issuer'
  | 'no_session_named'
  | 'provider_not_named'
  | 'idp_error'
  | 'idp_unavailable'
  | 'store_unavailable'
  | 'internal_error';
export const LOGOUT_REFUSAL_REASONS: readonly LogoutRefusalReason[] = [
  'invalid_request',
  'invalid_logout_token',
  'logout_token_replayed',
  'wrong_issuer',
  'no_session_named',
  'provider_not_named',
  'idp_error',
  'idp_unavailable',
  'store_unavailable',
  'internal_error',
];

/**
 * Why a UserInfo request of a sign-in failed: `refused` (the provider refused the sign-in's
 * access token: 401 or 403, an audience-bound token, say), `unavailable` (a 5xx, a timeout, no
 * connection), `invalid_response` (an answer that is not a UserInfo response: a body that does
 * not parse, the wrong content type).
 *
 * @group Events
 */
export type UserInfoFailureReason = 'refused' | 'unavailable' | 'invalid_response';
export const USERINFO_FAILURE_REASONS: readonly UserInfoFailureReason[] = [
  'refused',
  'unavailable',
  'invalid_response',
];

/**
 * Where `acquireToken` found the token it returned: `'hot'` from this instance's in-process hot
 * index (no store read), `'cache'` from the account's stored token-cache partition (the IdP package
 * had a valid token there, nothing was refreshed), `'refresh'` from a refresh-token grant at the IdP.
 *
 * @group Events
 */
export type TokenSource = 'hot' | 'cache' | 'refresh';
export const TOKEN_SOURCES: readonly TokenSource[] = ['hot', 'cache', 'refresh'];

/**
 * The identity-provider port's operations, as timed and counted by the `idpCall` event: one
 * value per method of the `IdentityProvider` port (`authorizationUrl` is `'authorization-url'`,
 * `acquireTokenSilent` is `'acquire-token-silent'`, and so on).
 *
 * @group Events
 */
export type IdpOperation =
  | 'authorization-url'
  | 'redeem-code'
  | 'acquire-token-silent'
  | 'acquire-token-for-app'
  | 'end-session-url'
  | 'verify-logout-token'
  | 'revoke';
export const IDP_OPERATIONS: readonly IdpOperation[] = [
  'authorization-url',
  'redeem-code',
  'acquire-token-silent',
  'acquire-token-for-app',
  'end-session-url',
  'verify-logout-token',
  'revoke',
];
