import type { AuthorizationRequest } from '@identity-web/core/provider';
import { mapMsalError } from '../map-error.js';
import type { MsalClients } from '../msal-clients.js';
import type { ProviderSettings } from '../settings.js';

/**
 * The authorize URL, built by msal's `getAuthCodeUrl` from the core's state, nonce, PKCE
 * challenge and scopes. msal adds `client_info=1` (so the response carries the home account id)
 * and `openid profile offline_access`.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
 */
export async function authorizationUrl(
  clients: MsalClients,
  settings: ProviderSettings,
  request: AuthorizationRequest,
): Promise<URL> {
  const { app, network } = clients.create();
  try {
    const url = await app.getAuthCodeUrl({
      scopes: [...request.scopes],
      redirectUri: request.redirectUri,
      state: request.state,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: 'S256',
      responseMode: settings.responseMode,
      ...(request.prompt ? { prompt: request.prompt } : {}),
      ...(request.loginHint ? { loginHint: request.loginHint } : {}),
      ...(request.domainHint ? { domainHint: request.domainHint } : {}),
      ...(request.claims ? { claims: request.claims } : {}),
    });
    return new URL(url);
  } catch (error) {
    throw mapMsalError(error, { operation: 'authorize', network, scopes: request.scopes });
  }
}
