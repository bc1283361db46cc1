// The one downstream API the demo IdP issues JWT access tokens for (RFC 8707 resource indicators).
import { errors } from 'oidc-provider';
import type { ResolvedOptions } from './options.js';

/**
 * `features.resourceIndicators` (RFC 8707) for the one downstream API. The apps never send a
 * `resource` parameter (Entra has none either; it derives the audience from the scopes), so:
 * - `defaultResource` makes every authorization request target the API, so its scopes are
 *   consented with sign-in and land in the grant;
 * - `useGrantedResource` makes the token endpoint mint the access token for that granted API on
 *   the code exchange and on every refresh-token grant; without it oidc-provider would issue an
 *   opaque token for its own userinfo endpoint whenever `openid` is in the scope, which is what
 *   the code exchange does under `interop.profileClaimsInUserInfoOnly`;
 * - `getResourceServerInfo` describes the API: its audience, scopes, and RFC 9068 JWT access
 *   tokens (`typ: at+jwt`) the API verifies against this IdP's JWKS; DPoP-bound ones (FAPI 2.0
 *   mode) carry the proof key's thumbprint in `cnf.jkt` (RFC 9449 §6.1).
 */
export function resourceIndicators({ api, accessTokenTtlSeconds, interop, fapi }: ResolvedOptions) {
  return {
    enabled: true,
    // With several granted resources (there is only one here) the token endpoint needs one.
    defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) =>
      oneOf === undefined || oneOf.includes(api.resource) ? api.resource : oneOf,
    useGrantedResource: async (_ctx: unknown, model: { readonly kind: string }) =>
      !(interop.profileClaimsInUserInfoOnly && model.kind === 'AuthorizationCode'),
    getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
      if (indicator !== api.resource) throw new errors.InvalidTarget();
      return {
        audience: api.resource,
        scope: api.scopes.join(' '),
        accessTokenFormat: 'jwt',
        accessTokenTTL: accessTokenTtlSeconds,
        // FAPI 2.0 (§5.4) signs with PS256, ES256 or EdDSA: the IdP's EC key in that mode.
        jwt: { sign: { alg: fapi ? 'ES256' : 'RS256' } },
      };
    },
  };
}
