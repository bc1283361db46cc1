// AcquireTokenOnBehalfOf: an API's token for a further API, had for the user who called it with their token.
import type { AccessToken } from '@identity-web/core';
import { KeyedMutex, SingleFlight } from '../../cache/single-flight.js';
import { inject, injectable } from '../../config/di.js';
import { DI_KEYS } from '../../config/di-keys.js';
import { ErrorCode, IdentityWebError, invalidArgument, invalidOption } from '../../domain/errors.js';
import { optionalBoolean, optionalString } from '../../domain/option-checks.js';
import { normalizeScopes, scopeKey } from '../../domain/scopes.js';
import { tokenForAppCode } from '../../ports/token-for-app-code.js';
import type { Partition, Partitions } from '../../records/partitions.js';
import { removeWithEntries } from '../../records/partitions.js';
import {
  type ApiSettings,
  ON_BEHALF_OF_REFRESH_SKEW_SECONDS,
  ON_BEHALF_OF_TTL_SECONDS,
} from '../config/api-settings.js';
import type { ApiCaller } from '../domain/api-caller.js';
import { issuedBy } from '../domain/claimed-issuer.js';
import { onBehalfOfKey } from '../domain/store-keys.js';
import { ownPartitions } from './remove-user-tokens.js';

/**
 * What `api.acquireTokenOnBehalfOf` takes besides the caller.
 *
 * @group Protected API
 */
export interface OnBehalfOfRequest {
  /** The scopes of the further API, e.g. `['api://billing/invoices.read']`. */
  readonly scopes: string | readonly string[];
  /**
   * The further API's resource indicator (RFC 8707), e.g. `https://billing.example.com`: most
   * providers need it to pick the API, and answer `invalid_target` without it. Default: the
   * provider's first `resource` (`createOidcApiProvider`), else none. Entra ID names the API in
   * the scopes instead (`api://billing/invoices.read`).
   */
  readonly resource?: string;
  /** Skip the cached token and exchange again. Default `false`. */
  readonly forceRefresh?: boolean;
  /** A claims challenge (JSON) the further API answered with, passed to the provider. */
  readonly claims?: string;
}

/**
 * Tokens for further APIs on behalf of the user who called the API (RFC 8693 token exchange,
 * Entra's on-behalf-of flow), cached per (user, received token, scopes) in a partition of the
 * user's, sealed, in the API's token-cache store. The partition is filed in the account registry
 * under the user's (iss, sub) and (iss, sid) before it is written, so every sign-out that reaches
 * the API finds it. Concurrent calls for one token and scopes make one grant; a user's grants
 * run one after another in this process, so none overwrites another's tokens.
 */
@injectable()
export class AcquireTokenOnBehalfOf {
  readonly #flights = new SingleFlight<AccessToken>();
  readonly #users = new KeyedMutex();

  constructor(@inject(DI_KEYS.ApiSettings) private readonly settings: ApiSettings) {}

  async execute(caller: ApiCaller, request: OnBehalfOfRequest): Promise<AccessToken> {
    const partitions = this.settings.partitions;
    if (partitions === undefined) {
      throw invalidOption(
        'secret',
        'is required to call APIs on behalf of users (api.acquireTokenOnBehalfOf): at least 32 random characters, the same on every instance',
      );
    }
    if (typeof caller?.token !== 'string' || typeof caller.subject !== 'string') {
      throw invalidArgument(
        'caller',
        '"caller" must be the caller protectApi() gave the route (ctx.state.api, req.api, c.var.api)',
      );
    }
    const provider = this.settings.providers.find((p) => issuedBy(p, caller.issuer, caller.claims ?? {}));
    const exchange = provider?.acquireTokenOnBehalfOf?.bind(provider);
    if (exchange === undefined) {
      throw new IdentityWebError(
        ErrorCode.InvalidArgument,
        `the provider of "${caller.issuer}" cannot obtain tokens on behalf of users`,
      );
    }
    const scopes = normalizeScopes(request?.scopes ?? []);
    if (scopes.length === 0)
      throw invalidArgument('scopes', '"scopes" must name at least one scope of the further API');
    const resource = optionalString(request.resource, 'resource');
    const claims = optionalString(request.claims, 'claims');
    const forceRefresh = optionalBoolean(request.forceRefresh, 'forceRefresh', false);
    const key = onBehalfOfKey(caller.issuer, caller.subject);
    const flight = [key, caller.token, scopeKey(scopes), resource ?? '', claims ?? '', forceRefresh].join('\n');
    return this.#flights.run(flight, () =>
      this.#users.run(key, async () => {
        const partition = await partitions.read(key);
        // The user's first grant is filed before it runs, so a sign-out under way finds it.
        if (partition === null) await this.#file(caller, key);
        const result = await exchange(partition?.plaintext ?? null, caller.token, {
          scopes,
          forceRefresh,
          refreshSkewSeconds: ON_BEHALF_OF_REFRESH_SKEW_SECONDS,
          ...(resource !== undefined && { resource }),
          ...(claims !== undefined && { claims }),
        });
        if (result.partition !== null) {
          await this.#store(partitions, caller, key, result.partition, partition);
        }
        return tokenForAppCode(result);
      }),
    );
  }

  /** Files the user's partition in the registry under their `sub` (and `sid`); what it dropped to make room goes. */
  async #file(caller: ApiCaller, key: string): Promise<void> {
    const { issuer, subject, sessionId } = caller;
    const entry = {
      issuer,
      subject,
      ...(sessionId !== undefined && { sid: sessionId }),
      accountKey: key,
      sessionId: `api\u0000${sessionId ?? ''}`,
    };
    const dropped = (await this.settings.registry.recordSignIn(entry, ON_BEHALF_OF_TTL_SECONDS)) ?? [];
    // A registry at its bounds dropped another user's entry: no sign-out could find their tokens now.
    for (const other of ownPartitions(dropped)) {
      if (other !== key) await removeWithEntries(this.settings.partitions, this.settings.registry, other);
    }
  }

  /**
   * Written, then checked still filed. A partition that existed is filed again first (its entries
   * live as long as it does); a first one was filed before its grant, and is not filed again: a
   * sign-out that ran during the grant forgot that entry, and the check must see it gone.
   */
  async #store(
    partitions: Partitions,
    caller: ApiCaller,
    key: string,
    plaintext: string,
    read: Partition | null,
  ): Promise<void> {
    if (read !== null) await this.#file(caller, key);
    // A lost compare-and-set only means another instance stored newer tokens of the user, or a
    // sign-out removed the partition this grant read.
    await partitions.write(key, plaintext, read?.version ?? null);
    // A sign-out that ran meanwhile forgot the entry: the partition it could not see goes now (the
    // token still serves this request, as any request under way when a sign-out lands). When the
    // check itself fails, the partition goes too: it may be one no sign-out can find.
    let filed: boolean;
    try {
      filed = (await this.settings.registry.findBySubject(caller.issuer, caller.subject)).some(
        (e) => e.accountKey === key,
      );
    } catch (error) {
      await partitions.remove(key).catch(() => false);
      throw error;
    }
    if (!filed) await partitions.remove(key);
  }
}
