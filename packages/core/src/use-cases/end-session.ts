// One session ends while its account may stay cached; with the account's last session, the account goes.
import { SessionMemo } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { RemovalReason } from '../domain/events.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import { SessionRecords } from '../records/session-records.js';
import { RemoveAccount } from './remove-account.js';

/**
 * One sign-in ends while its account may stay cached (a new sign-in in the same browser, the
 * registry dropped its entry, the user ended it from a "your devices" page): its registry entry
 * goes and its session ends on every instance. With the account's last entry the whole account
 * goes: a partition is never left that no logout can find (fail closed).
 */
@injectable()
export class EndSession {
  constructor(
    @inject(SessionMemo) private readonly memo: SessionMemo,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  async execute(accountKey: string, sessionId: string, reason: RemovalReason): Promise<void> {
    const left = await this.registry.forgetSession(accountKey, sessionId);
    if (left === 0) {
      await this.removeAccount.execute(accountKey, reason, [sessionId]);
      return;
    }
    this.memo.dropSession(sessionId);
    const ended = await this.sessions.delete(sessionId);
    await this.bus.publish({ type: 'session-ended', sessionId });
    if (ended) await this.events.emit('sessionEnded', { sessionId, accountKey, reason });
  }
}
