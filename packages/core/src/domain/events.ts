import type { Account } from './account.js';

/** Why an account left the token cache. */
export type RemovalReason = 'sign-out' | 'front-channel' | 'back-channel' | 'api';
/** Every removal reason, for metrics that show each series from the start. */
export const REMOVAL_REASONS: readonly RemovalReason[] = ['sign-out', 'front-channel', 'back-channel', 'api'];

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
