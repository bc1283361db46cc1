// The JWS algorithms this client accepts from its provider, pinned per kind of token.
import type * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { ASYMMETRIC_ALGORITHMS, FAPI2_ALGORITHMS } from './algorithm-options.js';

/**
 * The provider's advertised ID-token algorithms, asymmetric only (`['RS256']` when it advertises
 * none); under `profile: 'fapi2'`, those FAPI 2.0 allows (all three when it advertises none of them).
 */
function advertised(ctx: OidcContext, as: oauth.AuthorizationServer): string[] {
  const asymmetric = (as.id_token_signing_alg_values_supported ?? []).filter((alg) => ASYMMETRIC_ALGORITHMS.has(alg));
  if (!ctx.settings.fapi2) return asymmetric.length > 0 ? asymmetric : ['RS256'];
  const allowed = asymmetric.filter((alg) => FAPI2_ALGORITHMS.has(alg));
  return allowed.length > 0 ? allowed : [...FAPI2_ALGORITHMS];
}

/**
 * OIDC Core 1.0 §3.1.3.7 steps 6–7: the algorithms an ID token may be signed with — the ones the
 * client registered (`idToken.algorithms`), else the provider's asymmetric ones. Never `none` nor
 * an HMAC unless chosen, so neither an unsigned token nor the provider's public key used as an
 * HMAC secret (algorithm confusion) passes by default.
 */
export function idTokenAlgorithms(ctx: OidcContext, as: oauth.AuthorizationServer): readonly string[] {
  return ctx.settings.idToken.algorithms ?? advertised(ctx, as);
}

/**
 * OIDC Back-Channel Logout 1.0 §2.6 step 3: the algorithms of ID tokens, asymmetric only — a
 * logout token is never keyed with the client secret nor unsigned.
 */
export function logoutTokenAlgorithms(ctx: OidcContext, as: oauth.AuthorizationServer): string[] {
  const configured = ctx.settings.logoutToken.algorithms ?? ctx.settings.idToken.algorithms;
  const asymmetric = configured?.filter((alg) => ASYMMETRIC_ALGORITHMS.has(alg));
  return asymmetric !== undefined && asymmetric.length > 0 ? asymmetric : advertised(ctx, as);
}
