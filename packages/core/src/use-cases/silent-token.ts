// An account's token when the hot index has none: its stored partition, the IdP's silent call, the hot index fill.
import { HotIndex } from '../cache/hot-index.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import type { Account } from '../domain/account.js';
import { InteractionRequiredError, isInteractionRequired } from '../domain/interaction-required.js';
import { type AccessToken, refreshDueAt } from '../domain/token.js';
import { accountLogId } from '../observability/event-log.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { TokenResult } from '../ports/identity-provider-requests.js';
import type { Logger } from '../ports/logger.port.js';
import { tokenForAppCode } from '../ports/token-for-app-code.js';
import { Partitions } from '../records/partitions.js';
import type { AcquireTokenRequest } from './acquire-token-request.js';
import { TokenWriteBack } from './token-write-back.js';

/**
 * The miss path of `AcquireToken`: reads the account's partition, asks its identity provider for
 * the token silently (from the partition, or by a refresh grant), writes a refreshed partition
 * back and puts the token in the hot index. Throws `InteractionRequiredError` when only the user
 * can help.
 */
@injectable()
export class SilentToken {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(TokenWriteBack) private readonly writeBack: TokenWriteBack,
  ) {}

  /**
   * While another instance holds the account's refresh lease: the token it stored, once it is
   * there and not yet due; `null` to go on waiting. Never calls the IdP.
   */
  async peek(
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

  /** The token from the account's partition through its identity provider, refreshed when due. */
  async load(
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
    if (result.partition !== null && !(await this.writeBack.execute(account, partition, result.partition))) {
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

  private async interaction(account: Account, scopes: string[], reason: string, message: string) {
    await this.events.emit('interactionRequired', { accountKey: account.key, scopes });
    return new InteractionRequiredError(message, { scopes, reason });
  }
}
