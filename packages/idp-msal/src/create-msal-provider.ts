// `createMsalProvider`: the identity-provider port for Microsoft Entra ID, on `@azure/msal-node`.
import type { IdentityProvider } from '@identity-web/core/provider';
import { createContext } from './context.js';
import type { MsalProviderOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { authorizationUrl } from './sign-in/authorization-url.js';
import { redeemCode } from './sign-in/redeem-code.js';
import { endSessionUrl } from './sign-out/end-session-url.js';
import { verifyLogoutToken } from './sign-out/verify-logout-token.js';
import { acquireTokenForApp } from './tokens/acquire-for-app.js';
import { acquireTokenOnBehalfOf } from './tokens/acquire-on-behalf-of.js';
import { acquireTokenSilent, cachedToken } from './tokens/acquire-silent.js';
import { withoutAccessTokens } from './tokens/cached-access-tokens.js';
import { acceptsIssuer, checkApiUse, userIssuer, verifyAccessTokenSignature } from './tokens/verify-access-token.js';

/**
 * The Entra provider: the port, with the optional app-token method and `frameOrigin` always present.
 *
 * @group Setup
 */
export interface MsalIdentityProvider extends IdentityProvider {
  readonly frameOrigin: string;
  readonly clientId: string;
  /** A token for the app itself (client credentials grant), cached per scope set. */
  acquireTokenForApp: NonNullable<IdentityProvider['acquireTokenForApp']>;
  /** For an API: a token for further APIs in exchange for the one it received (Entra's on-behalf-of flow). */
  acquireTokenOnBehalfOf: NonNullable<IdentityProvider['acquireTokenOnBehalfOf']>;
  /** For an API on `createIdentityWebApi`: an Entra access token's signature (RS256, the authority's keys). */
  verifyAccessTokenSignature: NonNullable<IdentityProvider['verifyAccessTokenSignature']>;
  /** For an API: whether `iss` is the authority's, v2.0 or v1.0, for the token's tenant (`tid`). */
  acceptsIssuer(iss: string, claims: Readonly<Record<string, unknown>>): boolean;
  /** For an API: the v2.0 issuer of the token's tenant, which the API files the user under. */
  userIssuer(iss: string, claims: Readonly<Record<string, unknown>>): string;
  /** For an API: throws `invalid_option` on a multi-tenant authority without `tenants`. */
  checkApiUse(): void;
  /** Entra's access tokens are typed `JWT`, name the client in `azp`/`appid` and their id in `uti`. */
  readonly accessTokenFormat: 'entra';
}

/**
 * Creates the `IdentityProvider` for Microsoft Entra ID (workforce, B2C, External ID, sovereign
 * clouds) on `@azure/msal-node`. Options are validated here, once: a mistake throws an
 * `IdentityWebError` with code `invalid_option` whose `option` field names the option. Every
 * method afterwards throws only `IdentityWebError`s. Each call runs its own msal client on one account's partition
 * (msal's serialized cache), so concurrent users never share a cache. There is no `revoke`:
 * Entra has no RFC 7009 endpoint.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createMsalProvider } from '@identity-web/msal';
 *
 * const identityProvider = createMsalProvider({
 *   tenant: process.env.ENTRA_TENANT_ID!,
 *   clientId: process.env.ENTRA_CLIENT_ID!,
 *   clientSecret: process.env.ENTRA_CLIENT_SECRET!,
 * });
 * const identityWeb = createIdentityWeb({ identityProvider, baseUrl: 'https://app.example.com', secret });
 * ```
 * @see https://learn.microsoft.com/entra/identity-platform/scenario-web-app-call-api-overview
 *
 * @group Setup
 */
export function createMsalProvider(options: MsalProviderOptions): MsalIdentityProvider {
  const ctx = createContext(resolveSettings(options));
  return {
    issuer: ctx.settings.authority.issuer,
    clientId: ctx.settings.clientId,
    // Entra loads the front-channel logout URL in an iframe of its own logout page.
    frameOrigin: ctx.settings.authority.origin,
    // `form_post` comes back as a cross-site POST: the core's sign-in cookie must be SameSite=None.
    responseMode: ctx.settings.responseMode,
    authorizationUrl: (request) => authorizationUrl(ctx, request),
    redeemCode: (redemption) => redeemCode(ctx, redemption),
    acquireTokenSilent: (partition, account, request) => acquireTokenSilent(ctx, partition, account, request),
    cachedToken: (partition, account, request) => cachedToken(ctx, partition, account, request),
    withoutAccessTokens,
    endSessionUrl: async (request) => endSessionUrl(ctx, request),
    verifyLogoutToken: (jwt) => verifyLogoutToken(ctx, jwt),
    acquireTokenForApp: (partition, request) => acquireTokenForApp(ctx, partition, request),
    acquireTokenOnBehalfOf: (partition, assertion, request) =>
      acquireTokenOnBehalfOf(ctx, partition, assertion, request),
    verifyAccessTokenSignature: (jwt, refuse) => verifyAccessTokenSignature(ctx, jwt, refuse),
    acceptsIssuer: (iss, claims) => acceptsIssuer(ctx, iss, claims),
    userIssuer: (iss, claims) => userIssuer(ctx, iss, claims),
    checkApiUse: () => checkApiUse(ctx),
    accessTokenFormat: 'entra',
  };
}
