// `createOidcProvider`: the identity-provider port for any OpenID Connect provider, on oauth4webapi and jose.
import type { IdentityProvider } from '@identity-web/core/provider';
import type { JWK } from 'jose';
import { createContext, type OidcContext } from './context.js';
import type { OidcProviderOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { authorizationUrl } from './sign-in/authorization-url.js';
import { redeemCode } from './sign-in/redeem-code.js';
import { endSessionUrl } from './sign-out/end-session-url.js';
import { revoke } from './sign-out/revoke.js';
import { verifyLogoutToken } from './sign-out/verify-logout-token.js';
import { acquireTokenForApp } from './tokens/acquire-for-app.js';
import { acquireTokenSilent, cachedToken } from './tokens/acquire-silent.js';
import { withoutAccessTokens } from './tokens/partition.js';

/**
 * The identity-web IdP port for any OpenID provider, as a web app uses it.
 *
 * @group Setup
 */
export interface OidcIdentityProvider extends IdentityProvider {
  readonly frameOrigin: string;
  readonly clientId: string;
  /** A token for the app itself (client credentials grant), cached per scope set. */
  acquireTokenForApp: NonNullable<IdentityProvider['acquireTokenForApp']>;
  /**
   * The public JWKS of `clientAuth: privateKeyJwt(keys)` (`{ keys: [] }` without it): register it with the
   * provider, or serve it at the client's `jwks_uri`.
   */
  clientJwks(): Promise<{
    /**
     * One public JWK per key of `privateKeyJwt(keys)`, in the same order (the signing key first):
     * private members removed, with the entry's `kid` and `alg` and `use: 'sig'`.
     */
    keys: JWK[];
  }>;
}

/**
 * Creates the identity-web {@link IdentityProvider} for any OpenID Connect provider, on
 * oauth4webapi and jose: Web APIs only, so it runs on Node and on edge runtimes. For a web app:
 * an API that checks access tokens (`createIdentityWebApi` of `@identity-web/core/api`) takes
 * {@link createOidcApiProvider}, which brings that code, so a web app does not bundle it.
 *
 * Options are validated here, once: a mistake throws an `IdentityWebError` with code
 * `invalid_option` whose `option` field names the option. Nothing is fetched until first use;
 * discovery and the JWKS are then cached for `discoveryTtlSeconds` (timed by `clock`). Every
 * failure at run time is an `IdentityWebError` with a stable `code`.
 *
 * @example
 * ```ts
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * const idp = createOidcProvider({
 *   issuer: 'https://login.example.com/realms/main',
 *   clientId: 'my-web-app',
 *   clientSecret: process.env.OIDC_CLIENT_SECRET!,
 *   responseMode: 'form_post',
 * });
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html
 *
 * @group Setup
 */
export function createOidcProvider(options: OidcProviderOptions): OidcIdentityProvider {
  return webAppProvider(createContext(resolveSettings(options)));
}

/** The provider's web-app methods on `ctx`: what {@link createOidcProvider} returns. */
export function webAppProvider(ctx: OidcContext): OidcIdentityProvider {
  const provider: OidcIdentityProvider = {
    issuer: ctx.settings.issuer,
    clientId: ctx.settings.clientId,
    frameOrigin: ctx.settings.frameOrigin,
    // `form_post` comes back as a cross-site POST: the core's sign-in cookie must be SameSite=None.
    responseMode: ctx.settings.responseMode,
    authorizationUrl: (request) => authorizationUrl(ctx, request),
    redeemCode: (redemption) => redeemCode(ctx, redemption),
    acquireTokenSilent: (partition, account, request) => acquireTokenSilent(ctx, partition, account, request),
    cachedToken: (partition, account, request) => cachedToken(ctx, partition, account, request),
    endSessionUrl: (request) => endSessionUrl(ctx, request),
    verifyLogoutToken: (jwt) => verifyLogoutToken(ctx, jwt),
    acquireTokenForApp: (partition, request) => acquireTokenForApp(ctx, partition, request),
    clientJwks: () => ctx.settings.privateKeyJwt?.publicJwks() ?? Promise.resolve({ keys: [] }),
    withoutAccessTokens,
  };
  // The core calls `revoke` when present; leaving it out is how revocation is switched off.
  // RFC 7009; a no-op when discovery names no revocation_endpoint. Whether it runs is the core's
  // `revokeOnRemove`, the one switch.
  provider.revoke = (partition) => revoke(ctx, partition);
  return provider;
}
