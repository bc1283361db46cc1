// Pushes a session's idle deadline forward, rewriting its record at most once per quarter of the idle window.
import { SessionMemo } from '../cache/session-memo.js';
import { SingleFlight } from '../cache/single-flight.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { Session } from '../domain/session.js';
import { activityDue, sessionDeadline, storeTtlSeconds } from '../domain/session-lifetime.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { SessionRecords } from '../records/session-records.js';

/**
 * Pushes a session's idle deadline forward (`session.idleSeconds`). Most requests only compare
 * two numbers; at most once per quarter of the idle window the record is rewritten with a new
 * `lastSeenAt` (one write per session at a time, however many requests arrive together).
 */
@injectable()
export class RecordSessionActivity {
  private readonly flights = new SingleFlight<Session | null>();

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(SessionMemo) private readonly memo: SessionMemo,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * The session as this request leaves it: the same one, one with a later idle deadline, or
   * `null` when it ended meanwhile. Synchronous unless a write is due, to keep the hot path free
   * of extra awaits.
   */
  execute(cookie: string, session: Session): Session | null | Promise<Session | null> {
    const idleMs = this.settings.sessionIdleMs;
    // Without idle expiry there is nothing to record, and the caller checked the lifetime.
    if (idleMs <= 0) return session;
    const now = this.clock.now();
    // Never extend what has already ended: only a live session's deadline moves.
    if (idleMs > 0 && sessionDeadline(session, idleMs) <= now) return null;
    if (!activityDue(session, idleMs, now)) return session;
    return this.flights.run(session.id, () => this.record(cookie, session, now));
  }

  private async record(cookie: string, session: Session, now: number): Promise<Session | null> {
    const seen: Session = { ...session, lastSeenAt: now };
    try {
      await this.sessions.put(seen, storeTtlSeconds(seen, this.settings.sessionIdleMs, now));
      // The session store has no compare-and-set: a sign-out or logout that deleted this record
      // while we wrote it would see it come back. Removals forget the registry entries before
      // they delete sessions, so once the write is done a session the registry no longer lists
      // was (or is being) ended: end it again. A session no logout could find is not extended.
      const entries = await this.registry.findBySubject(session.issuer, session.account.subject);
      if (!entries.some((entry) => entry.sessionId === session.id)) {
        this.memo.dropSession(session.id);
        await this.sessions.delete(session.id);
        return null;
      }
    } catch (error) {
      // The request goes on with the deadline it had; the next one tries again.
      this.logger.warn({ code: (error as { code?: string }).code }, 'identity-web: recording session activity failed');
      return session;
    }
    this.memo.remember(cookie, seen);
    return seen;
  }
}
