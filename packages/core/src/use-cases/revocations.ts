// Refresh-token revocations (RFC 7009) run in the background: a sign-out never waits for the provider.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { RemovalReason } from '../domain/events.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * Whether a removal for this reason revokes the refresh token (with `revokeOnRemove`): every
 * removal the app starts throws the token away, so the grant ends at the provider too; a logout
 * the provider sent never calls it back (it ended the session itself, and a forged front-channel
 * request, or a flood of logout tokens, must not make this app send requests). A record, so a new
 * reason cannot be added without deciding.
 */
const REVOKES: Readonly<Record<RemovalReason, boolean>> = {
  'sign-out': true,
  api: true,
  replaced: true,
  evicted: true,
  'front-channel': false,
  'back-channel': false,
  'security-event': false,
};

/**
 * The most revocations under way at once. Past it a new one is skipped with a warning: revocation
 * is best effort (RFC 7009 §2), the account is removed here all the same, and a provider that
 * hangs must not hold the refresh tokens of every sign-out in memory.
 */
export const REVOCATIONS_AT_ONCE = 256;

/**
 * Starts revocations and keeps them until they end, so `identity.settled()` can wait for them.
 * Each one is bounded by the provider's own HTTP time limit (`timeoutMs` of `@identity-web/oidc`);
 * a failure is logged (its code, never its message) and counted by the observed provider
 * (`identity_web_idp_errors_total{operation="revoke"}`), and never reaches the caller.
 */
@injectable()
export class Revocations {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  /** Whether a removal for `reason` revokes: `revokeOnRemove` is on, and the app started it. */
  wanted(reason: RemovalReason): boolean {
    return this.settings.revokeOnRemove && REVOKES[reason];
  }

  /** Revokes the partition's refresh token in the background: returns at once, never throws. */
  start(idp: IdentityProvider, partition: string): void {
    if (this.pending.size >= REVOCATIONS_AT_ONCE) {
      this.logger.warn(
        { code: 'too_many_revocations' },
        `identity-web: ${REVOCATIONS_AT_ONCE} refresh token revocations are under way; this one is skipped`,
      );
      return;
    }
    const run: Promise<unknown> = (async () => idp.revoke?.(partition))()
      .catch((error: { code?: unknown } | null) =>
        this.logger.warn({ code: error?.code }, 'identity-web: refresh token revocation failed'),
      )
      // A logger that throws must not turn a failed revocation into an unhandled rejection.
      .catch(() => undefined)
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /**
   * Resolves once every revocation started so far has ended (not those started meanwhile, so a
   * Worker's `waitUntil` of one request never waits on the next requests' revocations). Never rejects.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
