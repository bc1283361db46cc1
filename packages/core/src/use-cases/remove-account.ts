import type { HotIndex } from '../cache/hot-index.js';
import type { Partitions } from '../cache/partitions.js';
import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { RemovalReason } from '../domain/events.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * Removes an account and every token of it: the stored partition, this instance's hot
 * index, and — through the bus — every other instance's. Idempotent; costs O(tokens of the
 * account). Runs before any app hook, so no hook can keep tokens alive.
 */
@injectable()
export class RemoveAccount {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.HotIndex) private readonly hot: HotIndex,
    @inject(TOKENS.Partitions) private readonly partitions: Partitions,
    @inject(TOKENS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(TOKENS.EventSink) private readonly events: EventSink,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Returns whether a stored partition existed. */
  async execute(accountKey: string, reason: RemovalReason): Promise<boolean> {
    this.hot.evict(accountKey);
    const revoke = this.settings.revokeOnRemove && this.idp.revoke !== undefined;
    const partition = revoke ? await this.partitions.read(accountKey).catch(() => null) : null;
    const removed = await this.partitions.remove(accountKey);
    await this.bus.publish({ type: 'account-removed', accountKey });
    if (partition && this.idp.revoke) {
      // RFC 7009 is best effort: local removal has already happened and is never undone.
      try {
        await this.idp.revoke(partition.plaintext);
      } catch (error) {
        this.logger.warn('refresh token revocation failed', { code: (error as { code?: string }).code });
      }
    }
    await this.events.emit('accountRemoved', { accountKey, reason });
    return removed;
  }
}
