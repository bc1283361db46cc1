// Which configured provider a logout token claims to come from, by its unverified `iss`: for naming
// the provider in a refusal's event, never for deciding anything.
import type { NamedProvider, Providers } from '../config/providers.js';
import { fromBase64Url } from '../crypto/encoding.js';

/**
 * The provider whose issuer the token's (unverified) `iss` names: the only one when there is
 * one; `undefined` when it names none. Verification decides, never this.
 */
export function claimedProvider(providers: Providers, logoutToken: string): NamedProvider | undefined {
  if (!providers.several) return providers.first;
  const iss = unverifiedIssuer(logoutToken);
  return iss === undefined ? undefined : providers.withIssuer(iss);
}

/** The `iss` of a JWT's payload, unverified; `undefined` when it has none or is no JWT. */
function unverifiedIssuer(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  const bytes = payload === undefined ? null : fromBase64Url(payload);
  if (bytes === null) return undefined;
  try {
    const iss = (JSON.parse(new TextDecoder().decode(bytes)) as { iss?: unknown } | null)?.iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
