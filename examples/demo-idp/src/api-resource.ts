// The APIs the demo IdP issues JWT access tokens for (RFC 8707 resource indicators): the
// downstream API, and with a middle tier, that one too.
import { errors } from 'oidc-provider';
import type { ResolvedOptions } from './options.js';

/** What oidc-provider's resource-indicator callbacks see of a request. */
interface ResourceContext {
  readonly oidc?: { readonly params?: { readonly scope?: unknown } };
}

/** Whether the request asks for one of `scopes` (its `scope` parameter). */
function asksFor(ctx: unknown, scopes: readonly string[]): boolean {
  const scope = (ctx as ResourceContext).oidc?.params?.scope;
  return typeof scope === 'string' && scope.split(' ').some((s) => scopes.includes(s));
}

/**
 * An API's description: its audience, scopes, and RFC 9068 JWT access tokens (`typ: at+jwt`) it
 * verifies against this IdP's JWKS; DPoP-bound ones (FAPI 2.0 mode) carry the proof key's
 * thumbprint in `cnf.jkt` (RFC 9449 §6.1). `undefined` for a resource the IdP does not know.
 */
export function resourceServerInfo(
  { api, middleTier, accessTokenTtlSeconds, fapi }: ResolvedOptions,
  indicator: string,
) {
  const known = [api, ...(middleTier === undefined ? [] : [middleTier])].find((r) => r.resource === indicator);
  if (known === undefined) return undefined;
  return {
    audience: known.resource,
    scope: known.scopes.join(' '),
    accessTokenFormat: 'jwt' as const,
    accessTokenTTL: accessTokenTtlSeconds,
    // FAPI 2.0 (§5.4) signs with PS256, ES256 or EdDSA: the IdP's EC key in that mode.
    jwt: { sign: { alg: fapi ? 'ES256' : 'RS256' } },
  };
}

/**
 * `features.resourceIndicators` (RFC 8707). The apps never send a `resource` parameter (Entra has
 * none either; it derives the audience from the scopes), so:
 * - `defaultResource` makes every authorization request target the downstream API, so its scopes
 *   are consented with sign-in and land in the grant — and the middle tier as well when the
 *   request asks for one of its scopes. At the token endpoint it picks, among the granted
 *   resources, the middle tier for a request of its scopes (a refresh for the middle tier's
 *   token), else the downstream API, as Entra derives the audience from the scopes;
 * - `useGrantedResource` makes the token endpoint mint the access token for that granted API on
 *   the code exchange and on every refresh-token grant; without it oidc-provider would issue an
 *   opaque token for its own userinfo endpoint whenever `openid` is in the scope, which is what
 *   the code exchange does under `interop.profileClaimsInUserInfoOnly`;
 * - `getResourceServerInfo` describes each API (`resourceServerInfo`).
 */
export function resourceIndicators(options: ResolvedOptions) {
  const { api, middleTier, interop } = options;
  return {
    enabled: true,
    defaultResource: async (ctx: unknown, _client: unknown, oneOf?: string[]) => {
      if (middleTier !== undefined && asksFor(ctx, middleTier.scopes)) {
        if (oneOf === undefined) return [api.resource, middleTier.resource];
        if (oneOf.includes(middleTier.resource)) return middleTier.resource;
      }
      // With several granted resources the token endpoint needs one.
      return oneOf === undefined || oneOf.includes(api.resource) ? api.resource : oneOf;
    },
    useGrantedResource: async (_ctx: unknown, model: { readonly kind: string }) =>
      !(interop.profileClaimsInUserInfoOnly && model.kind === 'AuthorizationCode'),
    getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
      const info = resourceServerInfo(options, indicator);
      if (info === undefined) throw new errors.InvalidTarget();
      return info;
    },
  };
}
