// The JWS algorithms an option may name, and the checks of `idToken.algorithms` and
// `logoutToken.algorithms`.
import { invalidOption } from '@identity-web/core/provider';

/**
 * Asymmetric JWS algorithms a logout token may be pinned to. Symmetric (HS*) and `none` never are.
 *
 * @group Setup
 */
export type LogoutTokenAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

/**
 * JWS algorithms an ID token may be signed with: the asymmetric ones, the HMAC ones keyed with
 * the client secret (OIDC Core 1.0 §10.1), and `none` (unsigned, §3.1.3.7 step 6 lets the code
 * flow accept it from the token endpoint).
 *
 * @group Setup
 */
export type IdTokenAlgorithm = LogoutTokenAlgorithm | 'HS256' | 'HS384' | 'HS512' | 'none';

/** FAPI 2.0 Security Profile, "Cryptography and secrets": the only JWS algorithms it allows. */
export const FAPI2_ALGORITHMS: ReadonlySet<string> = new Set(['PS256', 'ES256', 'EdDSA', 'Ed25519']);

/** Asymmetric JWS algorithms only: `none` and HS* would let a public key act as a secret. */
export const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set<LogoutTokenAlgorithm>([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** HMAC algorithms, keyed with the client secret (OIDC Core 1.0 §10.1); ID tokens only, and only when chosen. */
const SYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set(['HS256', 'HS384', 'HS512']);

/** `idToken.algorithms`: known JWS algorithms; HS* only with a client secret; FAPI 2.0's only under `fapi2`. */
export function validateIdTokenAlgorithms(
  value: unknown,
  clientSecret: string | undefined,
  fapi2: boolean,
): readonly IdTokenAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  const option = 'idToken.algorithms';
  if (!Array.isArray(value) || value.length === 0) throw invalidOption(option, 'must be a non-empty array');
  for (const alg of value) {
    const known = typeof alg === 'string' && (ASYMMETRIC_ALGORITHMS.has(alg) || SYMMETRIC_ALGORITHMS.has(alg));
    if (!known && alg !== 'none') {
      throw invalidOption(
        option,
        `must list JWS algorithms (RS256, ES256, PS256, EdDSA, HS256, none, ...) (got ${JSON.stringify(alg)})`,
      );
    }
    if (fapi2 && !FAPI2_ALGORITHMS.has(alg)) {
      throw invalidOption(option, `is refused by profile "fapi2": only PS256, ES256 and EdDSA may sign (got ${alg})`);
    }
    if (SYMMETRIC_ALGORITHMS.has(alg) && clientSecret === undefined) {
      throw invalidOption(option, `lists ${alg}, which is keyed with the client secret: give "clientSecret"`);
    }
  }
  return [...new Set(value as IdTokenAlgorithm[])];
}

/** `logoutToken.algorithms`: asymmetric JWS algorithms only. */
export function validateLogoutTokenAlgorithms(value: unknown): readonly LogoutTokenAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidOption('logoutToken.algorithms', 'must be a non-empty array');
  }
  for (const alg of value) {
    if (typeof alg !== 'string' || !ASYMMETRIC_ALGORITHMS.has(alg)) {
      throw invalidOption(
        'logoutToken.algorithms',
        `must list asymmetric JWS algorithms only (got ${JSON.stringify(alg)})`,
      );
    }
  }
  return [...value];
}
