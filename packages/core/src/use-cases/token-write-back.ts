// Stores the partition a refresh produced, by compare-and-set: a newer sign-in or a sign-out is never undone.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { Account } from '../domain/account.js';
import { accountLogId } from '../observability/event-log.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Logger } from '../ports/logger.port.js';
import { retryPartitionWrite } from '../records/partition-write-retry.js';
import { lineageOf, type Partition, Partitions } from '../records/partitions.js';

/** Writes a refreshed partition back over the one the refresh read. */
@injectable()
export class TokenWriteBack {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * Stores the partition a refresh produced. Its refresh token may be the only valid one left
   * (a provider that rotates has spent the one we read), so a lost compare-and-set is not the end:
   * against the partition there now, ours is written again unless a newer sign-in replaced it (another
   * lineage: its tokens supersede ours). `false` when the account was removed meanwhile — then nothing
   * is written back, so a sign-out is never undone.
   */
  execute(account: Account, read: Partition, refreshed: string): Promise<boolean> {
    let expected = read.version;
    return retryPartitionWrite(async () => {
      if ((await this.partitions.write(account.key, refreshed, expected, lineageOf(read.version))) !== null) {
        // The partition lives on; so must the registry entries a logout finds it by.
        await this.registry.touchAccount(account.key, this.settings.cacheTtlSeconds);
        return true;
      }
      const current = await this.partitions.read(account.key);
      if (current === null) return false;
      if (lineageOf(current.version) !== lineageOf(read.version)) {
        const fields = { event: 'token_write_superseded', account: await accountLogId(account.key) };
        this.logger.info(
          fields,
          'identity-web: a sign-in replaced the tokens while they were refreshed; kept its tokens',
        );
        return true;
      }
      expected = current.version;
      return undefined;
    }, "the account's token cache kept changing during a refresh");
  }
}
