import type { Account } from './account.js';

export type RemovalReason = 'sign-out' | 'front-channel' | 'back-channel' | 'api';

/** The moments an app can hook. Removal never depends on a hook. */
export interface IdentityWebEvents {
  signedIn: { account: Account; sessionId: string };
  tokenAcquired: { accountKey: string; scopes: readonly string[]; source: 'hot' | 'cache' | 'refresh' };
  interactionRequired: { accountKey: string; scopes: readonly string[] };
  /** Mutate `url` (or set it to `null` to stay local) before the end-session redirect. */
  beforeSignOutRedirect: { account: Account | null; url: URL | null };
  accountRemoved: { accountKey: string; reason: RemovalReason };
  sessionEnded: { sessionId: string; accountKey: string; reason: RemovalReason };
}

export type EventName = keyof IdentityWebEvents;

/** An app's handler of one event. */
export type EventHandler<E extends EventName> = (payload: IdentityWebEvents[E]) => void | Promise<void>;
