// A signed-in account's access token: the hot index first; on a miss, one load per account and scope set.
import { AccountLease } from '../cache/account-lease.js';
import { HotIndex } from '../cache/hot-index.js';
import { type ScopeSet, ScopeSets } from '../cache/scope-sets.js';
import { SingleFlight } from '../cache/single-flight.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Account } from '../domain/account.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { tokenKey } from '../domain/scopes.js';
import type { AccessToken } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import type { AcquireTokenRequest } from './acquire-token-request.js';
import { SilentToken } from './silent-token.js';

/**
 * Access token for a signed-in account: hot index → stored partition → IdP silent →
 * compare-and-set write-back → hot index. Only the first step runs on a hit; the others are
 * {@link SilentToken}'s, run once per account and scope set however many callers miss at once.
 */
@injectable()
export class AcquireToken {
  private readonly flights = new SingleFlight<AccessToken>();
  private readonly leases: AccountLease;
  private readonly scopeSets = new ScopeSets();

  constructor(
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.RefreshLease) lease: RefreshLease,
    @inject(SilentToken) private readonly silent: SilentToken,
  ) {
    this.leases = new AccountLease(lease);
  }

  /**
   * Not `async`: a hot-index hit returns the entry's settled promise and allocates nothing
   * (scopes alone, a string or a list, need no request object). `onMissError` maps what a miss
   * rejects with (a hit never rejects).
   */
  execute(
    account: Account,
    request: AcquireTokenRequest | string | readonly string[],
    onMissError?: (error: unknown) => unknown,
  ): Promise<AccessToken> {
    const plain = typeof request === 'string' || Array.isArray(request);
    const options = plain ? undefined : (request as AcquireTokenRequest);
    let set: ScopeSet;
    try {
      // A request that is no object (null, a number) fails here as it always did: a TypeError.
      set = this.scopeSets.of(
        plain ? (request as string | readonly string[]) : (options as AcquireTokenRequest).scopes,
      );
    } catch (error) {
      return Promise.reject(error);
    }
    if (set.scopes.length === 0) {
      const message = '"scopes" must name at least one scope';
      return Promise.reject(new IdentityWebError(ErrorCode.InvalidArgument, message));
    }
    const key = options?.resource === undefined ? set.key : tokenKey(set.scopes, options.resource);
    const fresh = options === undefined || (!options.forceRefresh && options.claims === undefined);
    if (fresh) {
      // One clock reading for both checks: the entry's age and the token's refresh window.
      const now = this.clock.now();
      const hit = this.hot.get(account.key, key, now);
      if (hit !== undefined && hit.refreshAt > now) {
        if (!this.events.listens('tokenAcquired')) return hit.settled;
        const event = { accountKey: account.key, scopes: set.scopes, source: 'hot', durationMs: 0 } as const;
        return this.events.emit('tokenAcquired', event).then(() => hit.token);
      }
    }
    const missed = this.miss(account, set.scopes as string[], key, options ?? { scopes: set.scopes }, fresh);
    return onMissError === undefined
      ? missed
      : missed.catch((error: unknown) => {
          throw onMissError(error);
        });
  }

  private miss(
    account: Account,
    scopes: string[],
    key: string,
    request: AcquireTokenRequest,
    fresh: boolean,
  ): Promise<AccessToken> {
    const flightKey = `${account.key}\n${key}\n${fresh ? '' : `F${request.claims ?? ''}`}`;
    return this.flights.run(flightKey, () => {
      const started = performance.now();
      const load = () => this.silent.load(account, scopes, key, request, started);
      // Only a plain request may take what another instance's refresh left: a forced refresh or a
      // claims challenge needs a new token.
      return this.leases.run(
        account.key,
        load,
        fresh ? () => this.silent.peek(account, scopes, key, request, started) : undefined,
      );
    });
  }
}
