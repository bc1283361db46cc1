// The ID token claim checks of OIDC Core 1.0 §3.1.3.7 that msal-node skips: `aud`, `exp` and `iss`.
import { badRequest, ErrorCode } from '@identity-web/core/provider';
import { expectedIssuer, type ResolvedAuthority } from '../authority.js';

export interface IdTokenRules {
  readonly clientId: string;
  readonly authority: ResolvedAuthority;
  /** Epoch milliseconds. */
  readonly now: number;
  readonly clockSkewSeconds: number;
}

function reject(what: string) {
  return badRequest(ErrorCode.InvalidCallback, `the id token failed validation: ${what}`);
}

/**
 * The claim checks of OIDC Core §3.1.3.7 that msal-node skips: it verifies only the nonce (no
 * `aud`, no `iss`, no `exp`). The signature is verified before these (`verifyEntraSignature`).
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function checkIdToken(claims: Readonly<Record<string, unknown>>, rules: IdTokenRules): void {
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (audiences.length === 0 || audiences.some((a) => a !== rules.clientId)) throw reject('"aud" is not this client');

  const exp = claims.exp;
  if (typeof exp !== 'number' || exp * 1000 <= rules.now - rules.clockSkewSeconds * 1000) {
    throw reject('it has expired');
  }
  if (rules.authority.checkIssuer) {
    const expected = expectedIssuer(rules.authority.issuer, claims.tid, rules.authority.tenants);
    if (expected === null || claims.iss !== expected) throw reject('"iss" is not the configured issuer');
  }
}
