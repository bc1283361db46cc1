// OIDC Back-Channel Logout 1.0 §2.6–2.7: verifies a logout token, refuses a replay, removes what it names.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import { ErrorCode, IdentityWebError, isIdentityWebError } from '../domain/errors.js';
import type { LogoutTokenClaims } from '../domain/logout-token.js';
import { replayTtlSeconds } from '../domain/replay-window.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import { claimedProvider } from './claimed-provider.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';

/**
 * OIDC Back-Channel Logout 1.0 §2.6–2.7: verify the logout token, refuse a replayed `jti`, and
 * remove every account the token names — by (iss, sid), narrowed to `sub` when both are
 * present, or every account of (iss, sub) — through the account registry, whether or not a
 * session still lives. The `jti` counts as used only once the removal succeeded, so the IdP's
 * retry of a delivery that failed in the store is served. Returns the number of accounts removed.
 */
@injectable()
export class HandleBackChannelLogout {
  constructor(
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.ReplayCache) private readonly replays: ReplayCache,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  /** Throws a 400 `IdentityWebError` for a bad or replayed token. */
  async execute(logoutToken: string): Promise<number> {
    const { provider, claims } = await this.verify(logoutToken);
    // Sessions are filed under their provider's issuer: one provider's token never finds another's.
    if (claims.iss !== provider.idp.issuer) {
      throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from another issuer');
    }
    const replayKey = `${claims.iss}\u0000${claims.jti}`;
    if (await this.replays.has(replayKey)) {
      throw new IdentityWebError(ErrorCode.LogoutTokenReplayed, 'logout token was already used');
    }
    const entries =
      claims.sid !== undefined
        ? (await this.registry.findBySid(claims.iss, claims.sid)).filter(
            // §2.7: with both, only sessions of that subject end.
            (e) => claims.sub === undefined || e.subject === claims.sub,
          )
        : await this.registry.findBySubject(claims.iss, claims.sub!);
    // The sessions the lookup found end too, even one whose entry the account's own list lost.
    const accounts = sessionsByAccount(entries);
    for (const [accountKey, sessionIds] of accounts) {
      await this.removeAccount.execute(accountKey, 'back-channel', sessionIds);
    }
    // Remember the jti for as long as the verifier would still accept the token (§2.6 step 8):
    // its own window (iat + maximum age, exp, skew), not a fixed guess at it. A SET's jti is kept
    // by the same rule; the claim checks before it are §2.6's alone (a SET's: RFC 8417, SSF 1.0 §4.1).
    const ttl = replayTtlSeconds(claims.acceptUntil, Math.floor(this.clock.now() / 1000));
    await this.replays.putIfAbsent(replayKey, ttl);
    return accounts.size;
  }

  /**
   * Verified by the provider its `iss` names. A token whose `iss` is no configured issuer
   * exactly (a tenant of an issuer template) goes to each provider in turn: only the keys of the
   * provider that signed it verify it.
   */
  private async verify(jwt: string): Promise<{ provider: NamedProvider; claims: LogoutTokenClaims }> {
    const named = claimedProvider(this.providers, jwt);
    if (named !== undefined) return { provider: named, claims: await named.idp.verifyLogoutToken(jwt) };
    let outage: unknown;
    for (const provider of this.providers.all) {
      try {
        return { provider, claims: await provider.idp.verifyLogoutToken(jwt) };
      } catch (error) {
        // A provider that could not be asked (its keys unreachable) may be the one: 5xx, so the IdP retries.
        if (!(isIdentityWebError(error) && error.code === ErrorCode.InvalidLogoutToken)) outage ??= error;
      }
    }
    if (outage !== undefined) throw outage;
    throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from none of the configured providers');
  }
}
