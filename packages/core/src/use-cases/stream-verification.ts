// SSF 1.0 §8.1.4: the verification `state`s asked for and received, kept in the replay cache so
// every instance sees them, and the check a verification event must pass.
import { type SecurityEventClaims, SecurityEventRefusal } from '../domain/security-event.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';

/** How long a verification's `state` is remembered: asked for, then received. */
export const VERIFICATION_SECONDS = 10 * 60;

/** The replay-cache key of a verification `state` asked for (`requested`) or received (`received`). */
export function verificationKey(stage: 'requested' | 'received', issuer: string, state: string): string {
  return `ssf-verification\u0000${stage}\u0000${issuer}\u0000${state}`;
}

/**
 * SSF 1.0 §8.1.4.1: a verification event's `state` must be one this app asked for (through
 * `identity.verifySharedSignals()`, on any instance); it is then noted as received. One without
 * `state` is the transmitter's own check, acknowledged.
 */
export async function noteVerification(replays: ReplayCache, claims: SecurityEventClaims): Promise<void> {
  const state = claims.event.state;
  if (state === undefined) return;
  if (typeof state !== 'string' || !(await replays.has(verificationKey('requested', claims.iss, state)))) {
    throw new SecurityEventRefusal(
      'invalid_state',
      'security event token rejected: a verification event whose "state" this app did not ask for',
    );
  }
  await replays.putIfAbsent(verificationKey('received', claims.iss, state), VERIFICATION_SECONDS);
}
