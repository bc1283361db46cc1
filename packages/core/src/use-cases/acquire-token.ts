// A signed-in account's access token: the hot index first, else the stored partition and a silent IdP call.
import { AccountLease } from '../cache/account-lease.js';
import { HotIndex } from '../cache/hot-index.js';
import { type ScopeSet, ScopeSets } from '../cache/scope-sets.js';
import { SingleFlight } from '../cache/single-flight.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import type { Account } from '../domain/account.js';
import { ErrorCode, IdentityWebError, InteractionRequiredError, isInteractionRequired } from '../domain/errors.js';
import { tokenKey } from '../domain/scopes.js';
import { type AccessToken, refreshDueAt } from '../domain/token.js';
import { accountLogId } from '../observability/event-log.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { TokenResult } from '../ports/identity-provider.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import { retryPartitionWrite } from '../records/partition-write-retry.js';
import { lineageOf, type Partition, Partitions } from '../records/partitions.js';
import { tokenForAppCode } from './token-for-app-code.js';

/** What `acquireToken` is asked for. */
export interface AcquireTokenRequest {
  /** The scopes the token must carry: one space-separated string or a list. */
  readonly scopes: string | readonly string[];
  /** Skip every cache and refresh at the IdP. */
  readonly forceRefresh?: boolean;
  /** A claims challenge from a web API's `WWW-Authenticate` header (JSON string). */
  readonly claims?: string;
  /** Resource indicator of the API (RFC 8707), for providers that take one (`@identity-web/oidc`). */
  readonly resource?: string;
}

/**
 * Access token for a signed-in account: hot index → stored partition → IdP silent →
 * compare-and-set write-back → hot index. Only the first step runs on a hit.
 */
@injectable()
export class AcquireToken {
  private readonly flights = new SingleFlight<AccessToken>();
  private readonly leases: AccountLease;
  private readonly scopeSets = new ScopeSets();

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.RefreshLease) lease: RefreshLease,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
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
      const load = () => this.load(account, scopes, key, request, started);
      // Only a plain request may take what another instance's refresh left: a forced refresh or a
      // claims challenge needs a new token.
      return this.leases.run(
        account.key,
        load,
        fresh ? () => this.peek(account, scopes, key, request, started) : undefined,
      );
    });
  }

  /**
   * While another instance holds the account's refresh lease: the token it stored, once it is
   * there and not yet due; `null` to go on waiting. Never calls the IdP.
   */
  private async peek(
    account: Account,
    scopes: string[],
    key: string,
    request: AcquireTokenRequest,
    started: number,
  ): Promise<AccessToken | null> {
    const idp = this.providers.ofKey(account.key, account.issuer)?.idp;
    if (idp?.cachedToken === undefined) return null;
    const ticket = this.hot.ticket();
    const partition = await this.partitions.read(account.key);
    if (partition === null)
      throw await this.interaction(account, scopes, 'no_tokens_found', 'no tokens are cached for this account');
    const result = await idp.cachedToken(partition.plaintext, account, this.silentRequest(scopes, request));
    return result === null ? null : this.serve(account, key, scopes, result, ticket, started);
  }

  private async load(
    account: Account,
    scopes: string[],
    key: string,
    request: AcquireTokenRequest,
    started: number,
  ): Promise<AccessToken> {
    const ticket = this.hot.ticket();
    const partition = await this.partitions.read(account.key);
    if (!partition)
      throw await this.interaction(account, scopes, 'no_tokens_found', 'no tokens are cached for this account');
    const idp = this.providers.ofKey(account.key, account.issuer)?.idp;
    if (idp === undefined) {
      throw await this.interaction(
        account,
        scopes,
        'no_tokens_found',
        "the account's identity provider is not configured",
      );
    }
    let result: TokenResult;
    try {
      result = await idp.acquireTokenSilent(partition.plaintext, account, this.silentRequest(scopes, request));
    } catch (error) {
      if (isInteractionRequired(error)) {
        await this.events.emit('interactionRequired', { accountKey: account.key, scopes });
      }
      throw error;
    }
    if (result.partition !== null && !(await this.writeBack(account, partition, result.partition))) {
      throw await this.interaction(account, scopes, 'account_removed', 'the account was signed out');
    }
    return this.serve(account, key, scopes, result, ticket, started);
  }

  private silentRequest(scopes: string[], request: AcquireTokenRequest) {
    return {
      scopes,
      forceRefresh: request.forceRefresh === true,
      refreshSkewSeconds: this.settings.refreshSkewSeconds,
      ...(request.claims !== undefined && { claims: request.claims }),
      ...(request.resource !== undefined && { resource: request.resource }),
    };
  }

  /** Hands out a token the IdP gave: into the hot index (unless removed since `ticket`), logged and counted. */
  private async serve(
    account: Account,
    key: string,
    scopes: string[],
    result: TokenResult,
    ticket: number,
    started: number,
  ): Promise<AccessToken> {
    const token = tokenForAppCode(result);
    const refreshAt = refreshDueAt(result.expiresAt, result.issuedAt, this.settings.refreshSkewSeconds);
    this.hot.set(account.key, key, token, ticket, refreshAt);
    const source = result.partition === null ? 'cache' : 'refresh';
    const durationMs = performance.now() - started;
    if (source === 'refresh') {
      const fields = { event: 'token_refresh', account: await accountLogId(account.key), scopes };
      this.logger.info(fields, 'identity-web: tokens refreshed at the identity provider');
    }
    await this.events.emit('tokenAcquired', { accountKey: account.key, scopes, source, durationMs });
    return token;
  }

  /**
   * Stores the partition a refresh produced. Its refresh token may be the only valid one left
   * (a provider that rotates has spent the one we read), so a lost compare-and-set is not the end:
   * against the partition there now, ours is written again unless a newer sign-in replaced it (another
   * lineage: its tokens supersede ours). `false` when the account was removed meanwhile — then nothing
   * is written back, so a sign-out is never undone.
   */
  private writeBack(account: Account, read: Partition, refreshed: string): Promise<boolean> {
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

  private async interaction(account: Account, scopes: string[], reason: string, message: string) {
    await this.events.emit('interactionRequired', { accountKey: account.key, scopes });
    return new InteractionRequiredError(message, { scopes, reason });
  }
}
