// A SET is acted on once (RFC 8417 §2.2 `jti`): claimed before acting, remembered after, for every
// receiver (a web app's, an API's) in the replay cache its instances share.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { replayTtlSeconds } from '../domain/replay-window.js';
import type { SecurityEventClaims } from '../domain/security-event.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';

/**
 * How long a SET being acted on is claimed: a second delivery of it meanwhile (a transmitter's
 * retry, a concurrent poll) is answered "try again", never acted on twice. A claim left by an
 * instance that failed half-way lapses after this, so the retry that follows is served.
 */
export const CLAIM_SECONDS = 30;

/**
 * Refuses a SET already received (`security_event_replayed`), then claims it atomically: of two
 * deliveries at once, one acts, the other gets `store_conflict` (503, retried). Returns the key to
 * remember it under once acted on.
 */
export async function claimSecurityEvent(
  replays: ReplayCache,
  claims: SecurityEventClaims,
  receiver: 'ssf' | 'api-ssf' = 'ssf',
): Promise<string> {
  // A web app's and an API's keys differ: sharing one replay cache, each acts on a SET sent to both.
  const replayKey = `${receiver}\u0000${claims.iss}\u0000${claims.jti}`;
  if (await replays.has(replayKey)) {
    throw new IdentityWebError(ErrorCode.SecurityEventReplayed, 'the security event token was already received');
  }
  if (!(await replays.putIfAbsent(`${replayKey}\u0000claim`, CLAIM_SECONDS))) {
    throw new IdentityWebError(ErrorCode.StoreConflict, 'the security event token is being acted on: try again');
  }
  return replayKey;
}

/**
 * Remembers an acted-on SET for its acceptance window, bounded both ways (a logout token's jti's
 * rule). The claim checks before it are a SET's own (RFC 8417, SSF 1.0 §4.1: no `sub`, no `exp`,
 * `aud` one of the receiver's audiences), not OpenID Back-Channel Logout 1.0 §2.6's.
 */
export async function rememberSecurityEvent(
  replays: ReplayCache,
  replayKey: string,
  claims: SecurityEventClaims,
  now: number,
): Promise<void> {
  await replays.putIfAbsent(replayKey, replayTtlSeconds(claims.acceptUntil, Math.floor(now / 1000)));
}
