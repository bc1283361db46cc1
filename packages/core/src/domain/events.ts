import type { Account } from './account.js';

/** Why an account or session was removed: this app's sign-out, a logout notification from the provider, or `identity.removeAccount`. */
export type RemovalReason = 'sign-out' | 'front-channel' | 'back-channel' | 'api';

/** The moments an app can hook. Removal never depends on a hook. */
export interface IdentityWebEvents {
  /** A user completed sign-in and a session was created. */
  signedIn: {
    /** The signed-in account. */
    account: Account;
    /** The new session's id. */
    sessionId: string;
  };
  /** An access token was handed out. */
  tokenAcquired: {
    /** The account the token belongs to. */
    accountKey: string;
    /** The token's scopes. */
    scopes: readonly string[];
    /** Where it came from: the in-process hot index, the token cache store, or a refresh at the provider. */
    source: 'hot' | 'cache' | 'refresh';
  };
  /** Silent acquisition failed and the user must be asked (consent, MFA, expired refresh token). */
  interactionRequired: {
    /** The account that needs the interaction. */
    accountKey: string;
    /** The scopes that were asked for. */
    scopes: readonly string[];
  };
  /** Mutate `url` (or set it to `null` to stay local) before the end-session redirect. */
  beforeSignOutRedirect: {
    /** The account signing out, or `null` when the session had none. */
    account: Account | null;
    /** The provider's end-session URL; `null` stays on this site. */
    url: URL | null;
  };
  /** An account and every token of it left the token cache. */
  accountRemoved: {
    /** The removed account. */
    accountKey: string;
    /** What removed it. */
    reason: RemovalReason;
  };
  /** A session ended (its cookie no longer signs anyone in). */
  sessionEnded: {
    /** The ended session's id. */
    sessionId: string;
    /** The account the session belonged to. */
    accountKey: string;
    /** What ended it. */
    reason: RemovalReason;
  };
}

/** The name of an event of {@link IdentityWebEvents}. */
export type EventName = keyof IdentityWebEvents;

/** An app's handler of one event. */
export type EventHandler<E extends EventName> = (payload: IdentityWebEvents[E]) => void | Promise<void>;
