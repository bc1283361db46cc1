// What a user's sessions look like from outside: the user as the provider names them, the listed shape,
// its public handle, the registry lookup by user, and the session list as the instance reaches it.
import type { Providers } from '../config/providers.js';
import { toBase64Url, utf8 } from '../crypto/encoding.js';
import { invalidArgument } from '../domain/errors.js';
import type { RemovalReason } from '../domain/events.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';

/**
 * One live sign-in of a user, as a "your devices" page shows it: no tokens, no session id.
 *
 * @group Requests
 */
export interface UserSession {
  /**
   * Names the session to `auth.signOutSession(id, csrfToken)` and `identity.signOutSession(user, id)`.
   * Not the session id, which only the session's own cookie carries: a hash of it, from which
   * the id cannot be worked out, and which ends nothing outside its user's own sessions.
   */
  readonly id: string;
  /** When the sign-in happened (epoch milliseconds). */
  readonly createdAt: number;
  /**
   * When a request of the session was last recorded (epoch milliseconds): only with
   * `session.idleSeconds`, which records activity (at most once per quarter of the idle window).
   */
  readonly lastSeenAt?: number;
  /** When the session ends unless renewed: its absolute lifetime, or its idle deadline if sooner. */
  readonly expiresAt: number;
  /** The browser and system of the sign-in, from its `User-Agent` (`Chrome 131 on Windows`); absent when it sent none. */
  readonly device?: string;
  /** Whether this is the session of the request asking (`auth.sessions()`); always `false` from `identity.sessionsOf()`. */
  readonly current: boolean;
}

/** The most sessions of one user read for a list (a registry keeps at most 100 per account by default). */
const MAX_LISTED = 500;
const HANDLE_LABEL = 'identity-web session handle\0';

/** The registry's entries of the user, one per session (at most {@link MAX_LISTED}); `method` names the caller in errors. */
export async function entriesOfUser(
  registry: AccountRegistry,
  providers: Providers,
  user: UserRef,
  method: string,
): Promise<RegistryEntry[]> {
  const { issuer, subject } = validUser(user, providers, method);
  const bySession = new Map<string, RegistryEntry>();
  for (const entry of await registry.findBySubject(issuer, subject)) {
    if (entry.issuer === issuer && entry.subject === subject) bySession.set(entry.sessionId, entry);
  }
  return [...bySession.values()].slice(-MAX_LISTED);
}

/** The public name of a session: SHA-256 of a label and its id, base64url, 128 bits. */
export async function sessionHandle(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(HANDLE_LABEL + sessionId));
  return toBase64Url(new Uint8Array(digest).subarray(0, 16));
}

/**
 * Who `identity.signOutUser` signs out: the user as the provider names them.
 *
 * @group Requests
 */
export interface UserRef {
  /** The provider's issuer (`identityProvider.issuer`, or one of `identityProviders`' issuers). */
  readonly issuer: string;
  /** The user's `sub` at that issuer. */
  readonly subject: string;
}

/** `user` as a {@link UserRef} of one of the providers, or `invalid_argument` naming `method`. */
export function validUser(user: UserRef, providers: Providers, method: string): UserRef {
  const given = (typeof user === 'object' && user !== null ? user : {}) as Partial<UserRef>;
  if (
    typeof given.issuer !== 'string' ||
    given.issuer === '' ||
    typeof given.subject !== 'string' ||
    given.subject === ''
  ) {
    throw invalidArgument('user', `${method}({ issuer, subject }): both must be non-empty strings`);
  }
  if (providers.withIssuer(given.issuer) === undefined) {
    const issuers = providers.all.map((p) => p.idp.issuer).join(', ');
    throw invalidArgument('issuer', `${method}(): "issuer" must be the issuer of a configured provider: ${issuers}`);
  }
  return { issuer: given.issuer, subject: given.subject };
}

/**
 * The session list as the HTTP layer and the instance reach it (`DI_KEYS.SessionList`): the one
 * `session.list` wires (../session-list.ts), or {@link SESSION_LIST_OFF}.
 */
export interface SessionListing {
  /** The user's live sessions, the newest first; `currentSessionId`'s is marked `current`. */
  list(user: UserRef, currentSessionId?: string): Promise<UserSession[]>;
  /** Ends the session the handle names; whether one ended. */
  end(user: UserRef, handle: string, reason: RemovalReason): Promise<boolean>;
  /** What a sign-in records of its `User-Agent` for the list. */
  device(userAgent: string | undefined): string | undefined;
}

function listOff(): Promise<never> {
  return Promise.reject(
    invalidArgument(
      'session.list',
      'the session list is off: createIdentityWeb({ session: { list: sessionList } }), sessionList from @identity-web/core, turns it on',
    ),
  );
}

/** Without `session.list`: nothing is listed or ended, and no sign-in records its device. */
export const SESSION_LIST_OFF: SessionListing = { list: listOff, end: listOff, device: () => undefined };
