import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { toBase64Url, utf8 } from '../crypto/encoding.js';
import type { RemovalReason } from '../domain/events.js';
import { sessionDeadline } from '../domain/session-lifetime.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
import { SessionRecords } from '../records/session-records.js';
import { RemoveAccount } from './remove-account.js';
import { type UserRef, validUser } from './sign-out-user.js';

/** One live sign-in of a user, as a "your devices" page shows it: no tokens, no session id. */
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

/**
 * A user's live sessions across every instance, and ending one of them: what "your devices"
 * pages and admin pages need. The sessions come from the account registry's (issuer, subject)
 * lookup — the one a back-channel logout by `sub` uses — and each one's own record, so an
 * ended or expired session is never listed.
 */
@injectable()
export class UserSessions {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  /**
   * The user's live sessions, the newest first.
   * @param currentSessionId - the asking request's session, marked `current`.
   */
  async list(user: UserRef, currentSessionId?: string): Promise<UserSession[]> {
    const entries = await this.entriesOf(user, 'sessionsOf');
    const listed = await Promise.all(
      entries.map(async (entry): Promise<UserSession | null> => {
        const session = await this.sessions.get(entry.sessionId);
        // The record is the truth: a session that ended or expired is gone, whatever the registry
        // still holds; one of another user (a registry entry pointing elsewhere) is never shown.
        if (session === null || session.accountKey !== entry.accountKey) return null;
        if (session.account.subject !== entry.subject || session.issuer !== entry.issuer) return null;
        return {
          id: await sessionHandle(session.id),
          createdAt: session.createdAt,
          ...(this.settings.sessionIdleMs > 0 && { lastSeenAt: session.lastSeenAt ?? session.createdAt }),
          expiresAt: sessionDeadline(session, this.settings.sessionIdleMs),
          ...(session.device !== undefined && { device: session.device }),
          current: session.id === currentSessionId,
        };
      }),
    );
    return listed.filter((s): s is UserSession => s !== null).sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * Ends one session of the user, named by its {@link UserSession.id}, on every instance. The
   * account's tokens stay while another session of it lives; with its last one the account goes
   * (revoked where `revokeOnRemove` says so). A handle that names none of the user's live sessions
   * ends nothing.
   * @returns whether a session ended.
   */
  async end(user: UserRef, handle: string, reason: RemovalReason): Promise<boolean> {
    if (typeof handle !== 'string' || handle === '' || handle.length > 64) return false;
    for (const entry of await this.entriesOf(user, 'signOutSession')) {
      if ((await sessionHandle(entry.sessionId)) !== handle) continue;
      const live = await this.sessions.get(entry.sessionId);
      if (live === null || live.accountKey !== entry.accountKey) return false;
      await this.removeAccount.endSignIn(entry.accountKey, entry.sessionId, reason);
      return true;
    }
    return false;
  }

  /** The registry's entries of the user, one per session (at most {@link MAX_LISTED}). */
  private async entriesOf(user: UserRef, method: string): Promise<RegistryEntry[]> {
    const { issuer, subject } = validUser(user, this.providers, method);
    const bySession = new Map<string, RegistryEntry>();
    for (const entry of await this.registry.findBySubject(issuer, subject)) {
      if (entry.issuer === issuer && entry.subject === subject) bySession.set(entry.sessionId, entry);
    }
    return [...bySession.values()].slice(-MAX_LISTED);
  }
}

/** The public name of a session: SHA-256 of a label and its id, base64url, 128 bits. */
export async function sessionHandle(sessionId: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(HANDLE_LABEL + sessionId));
  return toBase64Url(new Uint8Array(digest).subarray(0, 16));
}
