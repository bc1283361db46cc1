// The issuer a JWT names before anything of it is verified: it only picks whose keys must verify it.
import { fromBase64Url, fromUtf8 } from '../../crypto/encoding.js';
import type { AccessTokenProvider } from '../config/api-options.js';

/** The claims of a compact JWS's payload, unverified; `undefined` when there are none to read. */
export function claimedClaims(jwt: string): Readonly<Record<string, unknown>> | undefined {
  const parts = jwt.split('.');
  const bytes = parts.length === 3 ? fromBase64Url(parts[1]!) : null;
  if (bytes === null) return undefined;
  try {
    const claims: unknown = JSON.parse(fromUtf8.decode(bytes));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The `iss` of a compact JWS's payload, unverified; `undefined` when there is none to read. */
export function claimedIssuer(jwt: string): unknown {
  return claimedClaims(jwt)?.iss;
}

/** The issuer an API files the user of an accepted `iss` under: the provider's, or the one it names. */
export function userIssuer(
  provider: AccessTokenProvider,
  iss: string,
  claims: Readonly<Record<string, unknown>>,
): string {
  return provider.userIssuer?.(iss, claims) ?? provider.issuer;
}

/** Whether `iss` is the provider's: its issuer exactly, or one it accepts (a tenant's, with these claims). */
export function issuedBy(
  provider: AccessTokenProvider,
  iss: string,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  return provider.acceptsIssuer === undefined ? iss === provider.issuer : provider.acceptsIssuer(iss, claims);
}
