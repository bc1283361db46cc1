// The FAPI 2.0 Security Profile's rules for clients (`profile: 'fapi2'`), checked on the options
// at creation.
import { invalidOption } from '@identity-web/core/provider';
import type { ClientKey } from './client-auth.js';
import type { OidcProviderOptions } from './options.js';
import { FAPI2_ALGORITHMS, type LogoutTokenAlgorithm } from './signatures/algorithm-options.js';

/** The resolved settings the rules read. */
export interface Fapi2Settings {
  readonly dpop: object | undefined;
  readonly clientAuth: string;
  readonly clientKeys: readonly ClientKey[];
  readonly logoutToken: { readonly algorithms: readonly LogoutTokenAlgorithm[] | undefined };
  readonly acceptUnadvertisedIss: boolean;
}

/** `invalid_option` for a FAPI 2.0 rule, the rule named. */
function fapiRule(option: string, rule: string) {
  return invalidOption(option, `is refused by profile "fapi2": ${rule}`);
}

/**
 * The FAPI 2.0 Security Profile's rules for clients, as far as options decide them: each broken
 * one refused with the rule. The rest is checked at sign-in (the `iss` response parameter) or
 * always holds (PKCE S256, the code flow).
 */
export function checkFapi2(options: OidcProviderOptions, settings: Fapi2Settings): void {
  if (options.par === false) throw fapiRule('par', 'authorization requests must be pushed (RFC 9126)');
  if (settings.dpop === undefined) {
    throw fapiRule(
      'dpop',
      "access tokens must be sender-constrained, here with DPoP (RFC 9449): give dpop: dpopBinding(), from '@identity-web/oidc'",
    );
  }
  if (settings.clientAuth !== 'private_key_jwt') {
    throw fapiRule(
      'clientAuth',
      `clients authenticate with private_key_jwt (or mTLS), not "${settings.clientAuth}": give clientAuth: privateKeyJwt(keys), from '@identity-web/oidc'`,
    );
  }
  settings.clientKeys.forEach((key, i) => {
    if (!FAPI2_ALGORITHMS.has(key.alg)) {
      throw fapiRule(`privateKeyJwt[${i}].alg`, `only PS256, ES256 and EdDSA may sign (got ${key.alg})`);
    }
  });
  const refused = settings.logoutToken.algorithms?.find((alg) => !FAPI2_ALGORITHMS.has(alg));
  if (refused !== undefined) {
    throw fapiRule('logoutToken.algorithms', `only PS256, ES256 and EdDSA may sign (got ${refused})`);
  }
  if (settings.acceptUnadvertisedIss) {
    throw fapiRule(
      'acceptUnadvertisedIss',
      'the provider must advertise and send the "iss" authorization-response parameter (RFC 9207)',
    );
  }
}
