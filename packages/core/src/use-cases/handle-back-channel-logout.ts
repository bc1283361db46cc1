import { inject, injectable } from '../config/di.js';
import { TOKENS } from '../config/tokens.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import { EndSession } from './end-session.js';

const REPLAY_WINDOW_SECONDS = 10 * 60;

/**
 * OIDC Back-Channel Logout 1.0 §2.6–2.7: verify the logout token, refuse a replayed `jti`,
 * end the sessions it names — by (iss, sid), or every (iss, sub) session when there is no
 * `sid` — and remove their accounts. An unknown session is a success (already logged out).
 */
@injectable()
export class HandleBackChannelLogout {
  constructor(
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.SessionStore) private readonly sessions: SessionStore,
    @inject(TOKENS.ReplayCache) private readonly replays: ReplayCache,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(EndSession) private readonly endSession: EndSession,
  ) {}

  /** Returns the number of sessions ended. Throws a 400 `IdentityWebError` for a bad token. */
  async execute(logoutToken: string): Promise<number> {
    const claims = await this.idp.verifyLogoutToken(logoutToken);
    if (claims.iss !== this.idp.issuer) {
      throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from another issuer', { status: 400 });
    }
    // Remember the jti at least as long as the token could still be accepted (§2.6 step 8).
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const ttl = Math.max(REPLAY_WINDOW_SECONDS, (claims.exp ?? 0) - nowSeconds + 120);
    if (!(await this.replays.putIfAbsent(`${claims.iss}\u0000${claims.jti}`, ttl))) {
      throw new IdentityWebError(ErrorCode.LogoutTokenReplayed, 'logout token was already used', { status: 400 });
    }
    const ids =
      claims.sid !== undefined
        ? await this.sessions.findSessionIdsBySid(claims.iss, claims.sid)
        : await this.sessions.findSessionIdsBySubject(claims.iss, claims.sub!);
    let ended = 0;
    for (const id of ids) if (await this.endSession.execute(id, 'back-channel', claims.sub)) ended++;
    return ended;
  }
}
