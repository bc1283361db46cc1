import type { Account } from './account.js';

/** Why an account left the token cache. */
export type RemovalReason = 'sign-out' | 'front-channel' | 'back-channel' | 'api';
/** Every removal reason, for metrics that show each series from the start. */
export const REMOVAL_REASONS: readonly RemovalReason[] = ['sign-out', 'front-channel', 'back-channel', 'api'];

/** Where a token came from: the in-process hot index, the stored partition, or a refresh at the IdP. */
export type TokenSource = 'hot' | 'cache' | 'refresh';
export const TOKEN_SOURCES: readonly TokenSource[] = ['hot', 'cache', 'refresh'];

/** The identity-provider port's operations, as timed and counted. */
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

/** The moments an app can hook. Removal never depends on a hook. */
export interface IdentityWebEvents {
  signedIn: { account: Account; sessionId: string };
  /** `durationMs` of the whole acquisition (a hot hit included). */
  tokenAcquired: { accountKey: string; scopes: readonly string[]; source: TokenSource; durationMs: number };
  /** One call of the identity-provider port: how long it took and whether it failed (with the error code). */
  idpCall: { operation: IdpOperation; durationMs: number; outcome: 'ok' | 'error'; code?: string };
  interactionRequired: { accountKey: string; scopes: readonly string[] };
  /** Mutate `url` (or set it to `null` to stay local) before the end-session redirect. */
  beforeSignOutRedirect: { account: Account | null; url: URL | null };
  accountRemoved: { accountKey: string; reason: RemovalReason };
  sessionEnded: { sessionId: string; accountKey: string; reason: RemovalReason };
}

export type EventName = keyof IdentityWebEvents;

/** An app's handler of one event. */
export type EventHandler<E extends EventName> = (payload: IdentityWebEvents[E]) => void | Promise<void>;
