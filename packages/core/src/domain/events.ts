// The events an app can hook with `identity.on`, their payloads, and the fixed values metrics count them by.
import type { Account } from './account.js';

/**
 * Why an account left the token cache, or a session ended: a sign-out path (`'sign-out'`,
 * `'front-channel'`, `'back-channel'`), `identity.removeAccount()` (`'api'`), a new sign-in in the
 * same browser that ended the account's last session (`'replaced'`), or the account registry
 * dropping the entry a logout would find it by, to stay within its bounds (`'evicted'`): then
 * the session ends, and with the account's last entry the account goes too, so no logout can miss
 * tokens that are still cached.
 */
export type RemovalReason = 'sign-out' | 'front-channel' | 'back-channel' | 'api' | 'replaced' | 'evicted';
/** Every removal reason, for metrics that show each series from the start. */
export const REMOVAL_REASONS: readonly RemovalReason[] = [
  'sign-out',
  'front-channel',
  'back-channel',
  'api',
  'replaced',
  'evicted',
];

/** The logout notification channels an identity provider uses (OIDC Front- and Back-Channel Logout 1.0). */
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
 */
export type TokenSource = 'hot' | 'cache' | 'refresh';
export const TOKEN_SOURCES: readonly TokenSource[] = ['hot', 'cache', 'refresh'];

/**
 * The identity-provider port's operations, as timed and counted by the `idpCall` event: one
 * value per method of the `IdentityProvider` port (`authorizationUrl` is `'authorization-url'`,
 * `acquireTokenSilent` is `'acquire-token-silent'`, and so on).
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

/**
 * The moments an app can hook, by event name, with the payload each handler gets. Handlers run
 * one after another and are awaited; one that throws is logged and the others still run.
 * Removal never depends on a hook.
 */
export interface IdentityWebEvents {
  /** A sign-in completed: the callback was validated, `onSignIn` let it through and the new session is stored. */
  signedIn: {
    /** The account now signed in, with the claims `onSignIn` added. */
    account: Account;
    /** Id of the session just created; a new one on every sign-in. */
    sessionId: string;
  };
  /** `acquireToken` returned a token for a user's account, hot-index hits included. */
  tokenAcquired: {
    /** {@link Account.key} of the account the token is for. */
    accountKey: string;
    /** The requested scopes, normalized: de-duplicated and sorted. */
    scopes: readonly string[];
    /** Where the token came from. */
    source: TokenSource;
    /** How long the acquisition took, in milliseconds; `0` for a hot-index hit. */
    durationMs: number;
  };
  /** One call of the identity-provider port: how long it took and whether it failed (with the error code). */
  idpCall: {
    /** The port method called. */
    operation: IdpOperation;
    /** The provider's name under `identityProviders`; absent with a single `identityProvider`. */
    provider?: string;
    /** How long the call took until it resolved or threw, in milliseconds. */
    durationMs: number;
    /** `'ok'` when the call resolved, `'error'` when it threw. */
    outcome: 'ok' | 'error';
    /**
     * Set only when `outcome` is `'error'`: the thrown error's `code` (an `ErrorCode` value for
     * identity-web errors), or `'unknown'` when it has none. Never the error's message.
     */
    code?: string;
  };
  /**
   * `acquireToken` cannot get a token without the user: no tokens are cached for the account, or
   * the IdP wants interaction (refresh token rejected, consent missing, claims challenge). Emitted
   * just before the `InteractionRequiredError` is thrown.
   */
  interactionRequired: {
    /** {@link Account.key} of the account that needs to sign in again. */
    accountKey: string;
    /** The requested scopes, normalized: de-duplicated and sorted. */
    scopes: readonly string[];
  };
  /** Mutate `url` (or set it to `null` to stay local) before the end-session redirect. */
  beforeSignOutRedirect: {
    /** The account being signed out; `null` when the request had no session. Its tokens are already gone. */
    account: Account | null;
    /**
     * The IdP's end-session URL the browser is about to be sent to; `null` when there is none (no
     * session, no end-session endpoint, or the IdP could not be reached), and then the local
     * signed-out page is shown.
     */
    url: URL | null;
  };
  /**
   * An account was removed: its tokens are gone from the token cache and from every instance's hot
   * index, its sessions deleted. Emitted once that is done, whether or not the account had tokens.
   */
  accountRemoved: {
    /** {@link Account.key} of the removed account. */
    accountKey: string;
    /** Why: the sign-out path that removed it, or `'api'` for `identity.removeAccount()`. */
    reason: RemovalReason;
  };
  /**
   * A logout notification from the identity provider ended nothing: the back-channel route
   * answered 4xx or 5xx, or the front-channel route ignored the request. The provider may never
   * retry, so the user's sessions and tokens here outlive their sign-out elsewhere.
   */
  logoutRefused: {
    /** The route the notification came to. */
    channel: LogoutChannel;
    /** Why, as a fixed code (see {@link LogoutRefusalReason}). */
    reason: LogoutRefusalReason;
    /**
     * The configured issuer of the provider the notification was taken for (never a value taken
     * from the request); with several providers and none that the request names, the empty string.
     */
    issuer: string;
    /** That provider's name under `identityProviders`; absent with a single `identityProvider` or none named. */
    provider?: string;
    /** What failed, in identity-web's own words; never the token or a claim value. */
    detail: string;
  };
  /**
   * A sign-in's UserInfo request failed, and the sign-in went on with the ID token's claims
   * alone (`userinfo: 'auto'` of `@identity-web/oidc`): the user may lack a display name or an
   * email until the next sign-in. A UserInfo answer for another subject is no such failure: it
   * fails the sign-in.
   */
  userInfoFailed: {
    /** Why, as a fixed value (see {@link UserInfoFailureReason}). */
    reason: UserInfoFailureReason;
    /** The configured issuer of the provider the sign-in went to. */
    issuer: string;
    /** That provider's name under `identityProviders`; absent with a single `identityProvider`. */
    provider?: string;
    /** The cause and the fix, in the IdP package's words; never a token, code or claim value. */
    detail: string;
  };
  /** A session was deleted because its account was removed: one event per deleted session, after `accountRemoved`. */
  sessionEnded: {
    /** Id of the deleted session. */
    sessionId: string;
    /** {@link Account.key} of the account the session was signed in with. */
    accountKey: string;
    /** Why: the same reason as the account's `accountRemoved`. */
    reason: RemovalReason;
  };
}

/** The name of an event an app can hook with `identity.on(name, handler)`. */
export type EventName = keyof IdentityWebEvents;

/** An app's handler of one event. */
export type EventHandler<E extends EventName> = (payload: IdentityWebEvents[E]) => void | Promise<void>;
