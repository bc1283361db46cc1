// The events an app can hook with `identity.on` and their payloads (the fixed values they carry are in event-values.ts).

import type { Account } from './account.js';
import type {
  IdpOperation,
  LogoutChannel,
  LogoutRefusalReason,
  RemovalReason,
  TokenSource,
  UserInfoFailureReason,
} from './event-values.js';
import type { SecurityEventAction, SecurityEventRefusalReason } from './security-event-types.js';

export {
  IDP_OPERATIONS,
  type IdpOperation,
  LOGOUT_CHANNELS,
  LOGOUT_REFUSAL_REASONS,
  type LogoutChannel,
  type LogoutRefusalReason,
  REMOVAL_REASONS,
  type RemovalReason,
  TOKEN_SOURCES,
  type TokenSource,
  USERINFO_FAILURE_REASONS,
  type UserInfoFailureReason,
} from './event-values.js';

/**
 * The moments an app can hook, by event name, with the payload each handler gets. Handlers run
 * one after another and are awaited; one that throws is logged and the others still run.
 * Removal never depends on a hook.
 *
 * @group Events
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
   * A Shared Signals transmitter's Security Event Token was accepted (pushed or polled) and acted
   * on: the account removed, its sessions ended, its cached tokens dropped, or only acknowledged.
   */
  securityEvent: {
    /** How it arrived. */
    delivery: 'push' | 'poll';
    /** The event type URI (`https://schemas.openid.net/secevent/caep/event-type/session-revoked`, ...). */
    eventType: string;
    /** What identity-web did (see `SecurityEventAction`). */
    action: SecurityEventAction;
    /** How many accounts the subject named here (0: none signed in here, or acknowledged only). */
    accounts: number;
  };
  /**
   * A Security Event Token was refused: the push route answered 4xx or 5xx, or a polled SET was
   * reported back in `setErrs` (or left unacknowledged for an outage, so it comes again).
   */
  securityEventRefused: {
    /** How it arrived. */
    delivery: 'push' | 'poll';
    /** Why, as a fixed code (see {@link SecurityEventRefusalReason}). */
    reason: SecurityEventRefusalReason;
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

/**
 * The name of an event an app can hook with `identity.on(name, handler)`.
 *
 * @group Events
 */
export type EventName = keyof IdentityWebEvents;

/**
 * An app's handler of one event.
 *
 * @group Events
 */
export type EventHandler<E extends EventName> = (payload: IdentityWebEvents[E]) => void | Promise<void>;
