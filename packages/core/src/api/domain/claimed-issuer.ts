// Which provider an issuer is: the one whose keys verify a token naming it, and the issuer its
// users are filed under.
import type { AccessTokenProvider } from '../config/api-options.js';

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
