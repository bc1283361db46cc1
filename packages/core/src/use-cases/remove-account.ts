// The one removal of an account and every token of it, which every sign-out path ends in.
import { HotIndex } from '../cache/hot-index.js';
import { SessionMemo } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { RemovalReason } from '../domain/events.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import { Partitions, removeWithEntries } from '../records/partitions.js';
import { SessionRecords } from '../records/session-records.js';
import { Revocations } from './revocations.js';

/**
 * Removes an account and every token of it: the stored partition, this instance's hot index
 * and — through the bus — every other instance's, the account's registry entries, and every
 * session of the account (they were signed in with those tokens). Every sign-out path (local,
 * front-channel, back-channel, API) ends here, so none can forget the tokens. Idempotent;
 * costs O(tokens and sessions of the account). A store failure propagates: a removal that did
 * not happen is never reported as done. Runs before any app hook, so no hook keeps tokens alive.
 *
 * With `revokeOnRemove` (the default), a removal the app started (`sign-out`, `api`, `replaced`,
 * `evicted`) also revokes the refresh token at the provider (RFC 7009), in the background: the
 * removal never waits for it, and a revocation that fails or hangs changes nothing here. A logout
 * the provider sent (`front-channel`, `back-channel`, `security-event`) never calls it back.
 */
@injectable()
export class RemoveAccount {
  constructor(
    @inject(Providers) private readonly providers: Providers,
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(SessionMemo) private readonly memo: SessionMemo,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(Revocations) private readonly revocations: Revocations,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
  ) {}

  /**
   * @param alsoEnd - sessions to end even if the registry no longer lists them (the caller's own).
   * @returns whether a stored partition existed, and how many sessions ended.
   */
  async execute(
    accountKey: string,
    reason: RemovalReason,
    alsoEnd: readonly string[] = [],
  ): Promise<{ removed: boolean; ended: number }> {
    this.hot.evict(accountKey);
    this.memo.dropAccount(accountKey);
    const revoke = this.revocations.wanted(reason) && this.providers.all.some(({ idp }) => idp.revoke !== undefined);
    const partition = revoke ? await this.partitions.read(accountKey).catch(() => null) : null;
    const { removed, entries } = await removeWithEntries(this.partitions, this.registry, accountKey, () =>
      this.bus.publish({ type: 'account-removed', accountKey }),
    );
    const sessionIds = new Set([...alsoEnd, ...entries.map((e) => e.sessionId)]);
    const ended: string[] = [];
    for (const id of sessionIds) {
      this.memo.dropSession(id);
      if (await this.sessions.delete(id)) ended.push(id);
      await this.bus.publish({ type: 'session-ended', sessionId: id });
    }
    // The account's provider: by its key, or (a key from before several providers) its entries' issuer.
    const idp = this.providers.ofKey(accountKey, entries[0]?.issuer)?.idp;
    // RFC 7009 is best effort: the local removal has happened and is never undone, and nothing
    // here waits for the provider (a revocation that hangs runs out on its own HTTP time limit).
    if (partition && idp?.revoke) this.revocations.start(idp, partition.plaintext);
    await this.events.emit('accountRemoved', { accountKey, reason });
    for (const sessionId of ended) await this.events.emit('sessionEnded', { sessionId, accountKey, reason });
    return { removed, ended: ended.length };
  }
}

/**
 * The accounts a logout's registry lookup found, each with the sessions found for it: a logout
 * ends those sessions too, even one that the account's own list no longer names (a sign-in whose
 * entry was dropped there while a lookup copy survived a failure half-way).
 */
export function sessionsByAccount(entries: readonly RegistryEntry[]): Map<string, string[]> {
  const accounts = new Map<string, string[]>();
  for (const { accountKey, sessionId } of entries) {
    accounts.set(accountKey, [...(accounts.get(accountKey) ?? []), sessionId]);
  }
  return accounts;
}
