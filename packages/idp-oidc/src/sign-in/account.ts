// The signed-in `Account` from validated ID token claims, leaving out the claims that describe the token.
import { type Account, accountKeyFor } from '@identity-web/core/provider';
import type * as oauth from 'oauth4webapi';

/**
 * ID token claims that describe the token, not the user: left out of the account summary
 * (`nonce` and the hashes would only help an attacker correlate a stolen token).
 */
const PROTOCOL_CLAIMS = new Set(['aud', 'azp', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'at_hash', 'c_hash', 's_hash']);

function stringClaim(claims: oauth.IDToken, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The signed-in account from validated ID token claims. Tokens never go into it. */
export async function accountFromClaims(claims: oauth.IDToken): Promise<Account> {
  // Built as data (never by assignment, which would run `__proto__`'s setter for a JSON key of that name).
  const summary: Record<string, unknown> = Object.fromEntries(
    Object.entries(claims).filter(([name]) => !PROTOCOL_CLAIMS.has(name) && name !== '__proto__'),
  );
  const optional = {
    username: stringClaim(claims, 'preferred_username') ?? stringClaim(claims, 'email'),
    name: stringClaim(claims, 'name'),
    tenantId: stringClaim(claims, 'tid'),
    loginHint: stringClaim(claims, 'login_hint'),
  };
  return {
    key: await accountKeyFor(claims.iss, claims.sub),
    issuer: claims.iss,
    subject: claims.sub,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    claims: Object.freeze(summary),
  };
}
