// A Security Event Token's signature against its transmitter's keys, then its claims: one
// verification for every receiver (a web app's, an API's).
import { isCompactJwt } from '../crypto/compact-jwt.js';
import {
  MAX_SECURITY_EVENT_LENGTH,
  refuseSignature,
  type SecurityEventClaims,
  SecurityEventRefusal,
  validateSecurityEventClaims,
} from '../domain/security-event.js';
import { jwtClaimsSet } from '../domain/verify-logout-token.js';
import type { SecurityEventTransmitter } from '../ports/security-event-transmitter.port.js';

/** What a receiver checks a SET against besides the transmitter's own metadata. */
export interface SecurityEventVerification {
  /** The audiences this receiver answers to. */
  readonly audiences: readonly string[];
  /** Epoch milliseconds. */
  readonly now: number;
  readonly clockSkewSeconds: number;
  readonly maxAgeSeconds: number;
}

/**
 * The SET's length and shape, its signature (the transmitter's keys), then its claims (SSF 1.0
 * §4.1, RFC 8417): a `SecurityEventRefusal` for a fault of the SET, the transmitter's own
 * `IdentityWebError` when its metadata or keys cannot be had. Returns the claims and the
 * transmitter's critical subject members (SSF 1.0 §3.7).
 */
export async function verifySecurityEventToken(
  jwt: string,
  transmitter: Pick<SecurityEventTransmitter, 'metadata' | 'verifySignature'>,
  rules: SecurityEventVerification,
): Promise<{ claims: SecurityEventClaims; critical: readonly string[] }> {
  if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > MAX_SECURITY_EVENT_LENGTH) {
    throw new SecurityEventRefusal('invalid_request', 'security event token rejected: missing or too long');
  }
  if (!isCompactJwt(jwt)) {
    throw new SecurityEventRefusal('invalid_request', 'security event token rejected: the body is no signed JWT');
  }
  const metadata = await transmitter.metadata();
  const signed = await transmitter.verifySignature(jwt, refuseSignature);
  const payload = jwtClaimsSet(signed);
  if (payload === null) {
    throw new SecurityEventRefusal('invalid_request', 'security event token rejected: the payload is no JSON object');
  }
  const claims = validateSecurityEventClaims(signed.protectedHeader, payload, {
    issuer: metadata.issuer,
    explicitTyping: metadata.explicitTyping,
    ...rules,
  });
  return { claims, critical: metadata.criticalSubjectMembers };
}
