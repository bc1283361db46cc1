// The option groups of the tokens whose signatures the package checks: `idToken` and `logoutToken`.
import type { IdTokenAlgorithm, LogoutTokenAlgorithm } from './algorithm-options.js';

/**
 * ID token rules (OIDC Core 1.0 §3.1.3.7). Every ID token — the code redemption's and each
 * refresh's — is verified against the provider's keys (its `jwks_uri`, cached, refetched once on
 * an unknown `kid`) with these algorithms only.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 * @example
 * ```ts
 * // The client registered `id_token_signed_response_alg: ES256`.
 * createOidcProvider({ issuer, clientId, clientSecret, idToken: { algorithms: ['ES256'] } });
 * ```
 *
 * @group Setup
 */
export interface IdTokenOptions {
  /**
   * The algorithms the client registered (`id_token_signed_response_alg`, OpenID Connect Dynamic
   * Client Registration 1.0 §2). Defaults to the provider's `id_token_signing_alg_values_supported`
   * restricted to asymmetric algorithms (`['RS256']` when it advertises none); under
   * `profile: 'fapi2'`, to PS256, ES256 and EdDSA. `HS256`/`HS384`/`HS512` (keyed with
   * `clientSecret`) and `none` are accepted only when listed here, and never under `fapi2`.
   * @defaultValue the provider's asymmetric algorithms
   */
  algorithms?: readonly IdTokenAlgorithm[];
}

/**
 * Back-channel logout token rules (OIDC Back-Channel Logout 1.0 §2.6).
 *
 * @example
 * ```ts
 * // A provider known to send `exp`, with logout tokens signed ES256, delivered within a minute.
 * createOidcProvider({
 *   issuer,
 *   clientId,
 *   clientSecret,
 *   logoutToken: { maxAgeSeconds: 60, allowMissingExp: false, algorithms: ['ES256'] },
 * });
 * ```
 *
 * @see OpenID Connect Back-Channel Logout 1.0 §2.6 (Logout Token Validation)
 *
 * @group Setup
 */
export interface LogoutTokenOptions {
  /**
   * Oldest acceptable `iat`, in seconds (at most 86400), plus `clockSkewSeconds`. Logout tokens
   * are meant to be short-lived (the spec suggests about two minutes), so an old one is most
   * likely a replay. Each accepted token's `jti` is remembered for this whole window.
   * @defaultValue 300
   */
  maxAgeSeconds?: number;
  /**
   * Accept a logout token without `exp`. Providers built on the 2022 final text of OIDC
   * Back-Channel Logout 1.0 send none (errata set 1 made it required); such a token is accepted
   * for the same window as any other, `maxAgeSeconds` after its `iat`. `false` refuses it:
   * a strict switch for providers known to send `exp`.
   * @defaultValue true
   */
  allowMissingExp?: boolean;
  /**
   * Signature algorithms accepted for logout tokens. Defaults to the provider's
   * `id_token_signing_alg_values_supported` restricted to asymmetric algorithms, or `['RS256']`
   * when it advertises none. `none` and `HS*` are refused (algorithm-confusion attacks).
   */
  algorithms?: readonly LogoutTokenAlgorithm[];
}
