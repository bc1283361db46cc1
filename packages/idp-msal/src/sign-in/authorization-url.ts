// The Entra authorize URL, built by msal from the core's state, nonce, PKCE challenge and scopes.
import type { AuthorizationRequest } from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';

/**
 * The authorize URL, built by msal's `getAuthCodeUrl` from the core's state, nonce, PKCE
 * challenge and scopes. msal adds `client_info=1` (so the response carries the home account id)
 * and `openid profile offline_access`.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
 */
export async function authorizationUrl(ctx: MsalContext, request: AuthorizationRequest): Promise<URL> {
  const { app, network } = ctx.clients.create();
  try {
    const url = await app.getAuthCodeUrl({
      scopes: [...request.scopes],
      redirectUri: request.redirectUri,
      state: request.state,
      nonce: request.nonce,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: 'S256',
      responseMode: ctx.settings.responseMode,
      ...(request.prompt ? { prompt: request.prompt } : {}),
      ...(request.loginHint ? { loginHint: request.loginHint } : {}),
      ...(request.domainHint ? { domainHint: request.domainHint } : {}),
      ...(request.claims ? { claims: request.claims } : {}),
      // RFC 9470 §4's step-up parameters: msal-node has no option of its own that sends them.
      ...stepUp(request),
    });
    return new URL(url);
  } catch (error) {
    throw mapMsalError(error, { operation: 'authorize', network, scopes: request.scopes });
  }
}

/** `acr_values` and `max_age` of a step-up (OpenID Connect Core 1.0 §3.1.2.1) as msal-node's extra query parameters. */
function stepUp(request: AuthorizationRequest): { extraQueryParameters?: Record<string, string> } {
  const parameters: Record<string, string> = {};
  if (request.acrValues !== undefined) parameters.acr_values = request.acrValues.join(' ');
  if (request.maxAge !== undefined) parameters.max_age = String(request.maxAge);
  return Object.keys(parameters).length > 0 ? { extraQueryParameters: parameters } : {};
}
