// OIDC Back-Channel Logout 1.0 §2.6–2.8, once for the web app and the API: the logout token
// verified, a replayed `jti` refused, what it names ended, the `jti` remembered once that succeeded.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { LogoutTokenClaims } from '../domain/logout-token.js';
import { replayTtlSeconds } from '../domain/replay-window.js';
import type { Clock } from '../ports/clock.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';

/** Who receives logout tokens: the web app (its accounts and sessions) or an API (the tokens it obtained). */
export interface LogoutParty {
  /**
   * Prefixes the replay keys of this party's `jti`s, so a web app and an API that share a replay
   * cache each serve the same logout token once; `''` for none.
   */
  readonly replayScope: string;
  /**
   * The logout token verified by the provider its `iss` names (§2.6), its `iss` the issuer that
   * provider's users are filed under. Throws `invalid_logout_token`, or the provider's outage.
   */
  verify(token: string): Promise<LogoutTokenClaims>;
  /** Ends what the verified token names (§2.7): returns how many accounts it found. */
  end(claims: LogoutTokenClaims): Promise<number>;
}

/**
 * The back-channel logout use case: verify the token (§2.6), refuse a replayed `jti` (step 8), end
 * what it names (§2.7). The `jti` counts as used only once the ending succeeded, so the provider's
 * retry of a delivery that failed in a store is served; it is remembered for as long as the
 * verifier would still accept the token (its own window: `iat` + maximum age, `exp`, skew), not
 * for a fixed guess at it. Returns the number of accounts the token found.
 */
export class BackChannelLogout {
  constructor(
    private readonly party: LogoutParty,
    private readonly replays: ReplayCache,
    private readonly clock: Clock,
  ) {}

  /** Throws a 400 `IdentityWebError` for a bad or replayed token. */
  async execute(token: string): Promise<number> {
    const claims = await this.party.verify(token);
    const { replayScope } = this.party;
    const replayKey = `${replayScope === '' ? '' : `${replayScope}\u0000`}${claims.iss}\u0000${claims.jti}`;
    if (await this.replays.has(replayKey)) {
      throw new IdentityWebError(ErrorCode.LogoutTokenReplayed, 'logout token was already used');
    }
    const found = await this.party.end(claims);
    const ttl = replayTtlSeconds(claims.acceptUntil, Math.floor(this.clock.now() / 1000));
    await this.replays.putIfAbsent(replayKey, ttl);
    return found;
  }
}
