// Ends one session of a user, named by its public handle: "sign out that device".
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { RemovalReason } from '../domain/events.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import { SessionRecords } from '../records/session-records.js';
import { EndSession } from './end-session.js';
import { entriesOfUser, sessionHandle, type UserRef } from './user-sessions.js';

/**
 * Behind `auth.signOutSession(id, csrfToken)` and `identity.signOutSession(user, id)`: ends one
 * session of the user, named by its `UserSession.id`, on every instance. The account's tokens
 * stay while another session of it lives; with its last one the account goes (revoked where
 * `revokeOnRemove` says so). A handle that names none of the user's live sessions ends nothing.
 */
@injectable()
export class EndUserSession {
  constructor(
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(EndSession) private readonly endSession: EndSession,
  ) {}

  /** @returns whether a session ended. */
  async execute(user: UserRef, handle: string, reason: RemovalReason): Promise<boolean> {
    if (typeof handle !== 'string' || handle === '' || handle.length > 64) return false;
    for (const entry of await entriesOfUser(this.registry, this.providers, user, 'signOutSession')) {
      if ((await sessionHandle(entry.sessionId)) !== handle) continue;
      const live = await this.sessions.get(entry.sessionId);
      if (live === null || live.accountKey !== entry.accountKey) return false;
      await this.endSession.execute(entry.accountKey, entry.sessionId, reason);
      return true;
    }
    return false;
  }
}
