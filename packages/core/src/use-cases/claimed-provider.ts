// Which configured provider a logout token claims to come from, by its unverified `iss`: for naming
// the provider in a refusal's event, never for deciding anything.
import type { NamedProvider, Providers } from '../config/providers.js';
import { unverifiedClaims } from '../crypto/compact-jwt.js';

/**
 * The provider whose issuer the token's (unverified) `iss` names: the only one when there is
 * one; `undefined` when it names none. Verification decides, never this.
 */
export function claimedProvider(providers: Providers, logoutToken: string): NamedProvider | undefined {
  if (!providers.several) return providers.first;
  const iss = unverifiedClaims(logoutToken)?.iss;
  return typeof iss === 'string' ? providers.withIssuer(iss) : undefined;
}
