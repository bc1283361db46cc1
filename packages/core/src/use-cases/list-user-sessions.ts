// A user's live sessions across every instance, as a "your devices" or an admin page lists them.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { sessionDeadline } from '../domain/session-lifetime.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import { SessionRecords } from '../records/session-records.js';
import { entriesOfUser, sessionHandle, type UserRef, type UserSession } from './user-sessions.js';

/**
 * The sessions come from the account registry's (issuer, subject) lookup — the one a
 * back-channel logout by `sub` uses — and each one's own record, so an ended or expired session
 * is never listed.
 */
@injectable()
export class ListUserSessions {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
  ) {}

  /**
   * The user's live sessions, the newest first.
   * @param currentSessionId - the asking request's session, marked `current`.
   */
  async execute(user: UserRef, currentSessionId?: string): Promise<UserSession[]> {
    const entries = await entriesOfUser(this.registry, this.providers, user, 'sessionsOf');
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
}
