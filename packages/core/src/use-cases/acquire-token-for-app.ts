// The app's own tokens (client credentials), cached in an app partition apart from every user's.
import { HotIndex } from '../cache/hot-index.js';
import { SingleFlight } from '../cache/single-flight.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { normalizeScopes, scopeKey } from '../domain/scopes.js';
import { type AccessToken, refreshDueAt } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import { tokenForAppCode } from '../ports/token-for-app-code.js';
import { Partitions } from '../records/partitions.js';

/** The app's own partition; the NUL byte keeps it apart from every account key. */
export const APP_PARTITION_KEY = '\u0000app';

/** Client-credentials tokens (scopes like `api://x/.default`) in an app partition. */
@injectable()
export class AcquireTokenForApp {
  private readonly flights = new SingleFlight<AccessToken>();

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
  ) {}

  async execute(scopes: string | readonly string[], options: { forceRefresh?: boolean } = {}): Promise<AccessToken> {
    // The single provider, or the first of several (see `identityProviders`).
    const { idp } = this.providers.first;
    const acquire = idp.acquireTokenForApp?.bind(idp);
    if (!acquire) {
      throw new IdentityWebError(ErrorCode.InvalidArgument, 'this identity provider cannot acquire app tokens');
    }
    const normalized = normalizeScopes(scopes);
    const key = scopeKey(normalized);
    const now = this.clock.now();
    const hit = options.forceRefresh ? undefined : this.hot.get(APP_PARTITION_KEY, key, now);
    if (hit !== undefined && hit.refreshAt > now) return hit.token;
    return this.flights.run(`${key}\n${options.forceRefresh ? 'F' : ''}`, async () => {
      const ticket = this.hot.ticket();
      const partition = await this.partitions.read(APP_PARTITION_KEY);
      const result = await acquire(partition?.plaintext ?? null, {
        scopes: normalized,
        forceRefresh: options.forceRefresh === true,
        refreshSkewSeconds: this.settings.refreshSkewSeconds,
      });
      // A lost compare-and-set only means another caller stored a newer app partition.
      if (result.partition !== null)
        await this.partitions.write(APP_PARTITION_KEY, result.partition, partition?.version ?? null);
      const token = tokenForAppCode(result);
      const refreshAt = refreshDueAt(result.expiresAt, result.issuedAt, this.settings.refreshSkewSeconds);
      this.hot.set(APP_PARTITION_KEY, key, token, ticket, refreshAt);
      return token;
    });
  }
}
