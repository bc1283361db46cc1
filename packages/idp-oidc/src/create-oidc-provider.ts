import type { IdentityProvider } from '@identity-web/core/provider';
import { acquireTokenForApp } from './acquire-token-for-app.js';
import { acquireTokenSilent } from './acquire-token-silent.js';
import { authorizationUrl } from './authorization-url.js';
import { createContext } from './context.js';
import { endSessionUrl } from './end-session-url.js';
import type { OidcProviderOptions } from './options.js';
import { redeemCode } from './redeem-code.js';
import { revoke } from './revoke.js';
import { validateOptions } from './validate-options.js';
import { verifyLogoutToken } from './verify-logout-token.js';

/** The identity-web IdP port for any OpenID provider, with the optional methods present. */
export interface OidcIdentityProvider extends IdentityProvider {
  readonly frameOrigin: string;
  acquireTokenForApp: NonNullable<IdentityProvider['acquireTokenForApp']>;
}

/**
 * Creates the identity-web {@link IdentityProvider} for any OpenID Connect provider, on
 * oauth4webapi and jose: Web APIs only, so it runs on Node and on edge runtimes.
 *
 * Options are validated here, once: a mistake throws a `TypeError` whose `code` is
 * `ERR_INVALID_ARG_VALUE` or `ERR_INVALID_ARG_TYPE` and whose message names the option. Nothing
 * is fetched until first use; discovery and the JWKS are then cached for `discoveryTtlSeconds`.
 * Every failure at run time is an `IdentityWebError` with a stable `code`.
 *
 * @example
 * ```ts
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * const idp = createOidcProvider({
 *   issuer: 'https://login.example.com/realms/main',
 *   clientId: 'my-web-app',
 *   clientSecret: process.env.OIDC_CLIENT_SECRET,
 *   responseMode: 'form_post',
 *   revokeOnRemove: true,
 * });
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html
 */
export function createOidcProvider(options: OidcProviderOptions): OidcIdentityProvider {
  const ctx = createContext(validateOptions(options));
  const provider: OidcIdentityProvider = {
    issuer: ctx.options.issuer,
    frameOrigin: ctx.options.frameOrigin,
    authorizationUrl: (request) => authorizationUrl(ctx, request),
    redeemCode: (redemption) => redeemCode(ctx, redemption),
    acquireTokenSilent: (partition, account, request) => acquireTokenSilent(ctx, partition, account, request),
    endSessionUrl: (request) => endSessionUrl(ctx, request),
    verifyLogoutToken: (jwt) => verifyLogoutToken(ctx, jwt),
    acquireTokenForApp: (partition, request) => acquireTokenForApp(ctx, partition, request),
  };
  // The core calls `revoke` when present; leaving it out is how revocation is switched off.
  if (ctx.options.revokeOnRemove) provider.revoke = (partition) => revoke(ctx, partition);
  return provider;
}
