import type { IdentityProvider } from '@identity-web/core/provider';
import { MsalClients } from './msal-clients.js';
import type { MsalProviderOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { authorizationUrl } from './sign-in/authorization-url.js';
import { redeemCode } from './sign-in/redeem-code.js';
import { endSessionUrl } from './sign-out/end-session-url.js';
import { logoutTokenVerifier } from './sign-out/verify-logout-token.js';
import { acquireTokenForApp } from './tokens/acquire-for-app.js';
import { acquireTokenSilent } from './tokens/acquire-silent.js';

/** The Entra provider: the port, with the optional app-token method and `frameOrigin` always present. */
export interface MsalIdentityProvider extends IdentityProvider {
  readonly frameOrigin: string;
  acquireTokenForApp: NonNullable<IdentityProvider['acquireTokenForApp']>;
}

/**
 * Creates the `IdentityProvider` for Microsoft Entra ID (workforce, B2C, External ID, sovereign
 * clouds) on `@azure/msal-node`. Options are validated here, once: a mistake throws a
 * `TypeError` with code `ERR_INVALID_ARG_VALUE` naming the option. Every method afterwards throws
 * only `IdentityWebError`s. Each call runs its own msal client on one account's partition
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
 */
export function createMsalProvider(options: MsalProviderOptions): MsalIdentityProvider {
  const settings = resolveSettings(options);
  const clients = new MsalClients(settings);
  const verifyLogoutToken = logoutTokenVerifier(settings);

  return {
    issuer: settings.authority.issuer,
    // Entra loads the front-channel logout URL in an iframe of its own logout page.
    frameOrigin: settings.authority.origin,
    authorizationUrl: (request) => authorizationUrl(clients, settings, request),
    redeemCode: (redemption) => redeemCode(clients, settings, redemption),
    acquireTokenSilent: (partition, account, request) =>
      acquireTokenSilent(clients, settings, partition, account, request),
    endSessionUrl: async (request) => endSessionUrl(settings, request),
    verifyLogoutToken,
    acquireTokenForApp: (partition, request) => acquireTokenForApp(clients, settings, partition, request),
  };
}
