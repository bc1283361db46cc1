import { inject, injectable } from '../config/di.js';
import { TOKENS } from '../config/tokens.js';
import type { RemovalReason } from '../domain/events.js';
import type { Session } from '../domain/session.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import { RemoveAccount } from './remove-account.js';

/**
 * Ends one session and removes its account from the token cache. Every sign-out path
 * (local, front-channel, back-channel) goes through here, so none can forget the tokens.
 */
@injectable()
export class EndSession {
  constructor(
    @inject(TOKENS.SessionStore) private readonly sessions: SessionStore,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
    @inject(TOKENS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(TOKENS.EventSink) private readonly events: EventSink,
  ) {}

  /** Returns the ended session, or `null` when it was already gone (still a success). */
  async execute(sessionId: string, reason: RemovalReason, expectSubject?: string): Promise<Session | null> {
    const session = await this.sessions.getSession(sessionId);
    if (!session) return null;
    if (expectSubject !== undefined && session.account.subject !== expectSubject) return null;
    await this.removeAccount.execute(session.accountKey, reason);
    await this.sessions.deleteSession(session.id);
    await this.bus.publish({ type: 'session-ended', sessionId: session.id });
    await this.events.emit('sessionEnded', { sessionId: session.id, accountKey: session.accountKey, reason });
    return session;
  }
}
