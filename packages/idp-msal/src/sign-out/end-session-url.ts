// Entra's RP-initiated logout URL, built here because msal-node has no logout code.
import type { EndSessionRequest } from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';

/**
 * Entra's RP-initiated logout URL; msal-node has no logout code, so it is built here.
 * - `post_logout_redirect_uri`: must be a registered redirect URI.
 * - `logout_hint`: the `login_hint` claim; lets Entra skip the account picker.
 * - `state`: harmless everywhere, documented for B2C, echoed back when Entra supports it.
 * - `id_token_hint`: documented for B2C, recommended by OpenID RP-Initiated Logout §2, sent by
 *   msal-browser to workforce tenants too; `idTokenHintOnLogout: false` leaves it out.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#send-a-sign-out-request
 * @see https://learn.microsoft.com/azure/active-directory-b2c/openid-connect#send-a-sign-out-request
 */
export function endSessionUrl(ctx: MsalContext, request: EndSessionRequest): URL {
  const { settings } = ctx;
  const url = new URL(settings.authority.endSessionEndpoint);
  url.searchParams.set('post_logout_redirect_uri', request.postLogoutRedirectUri);
  if (request.logoutHint) url.searchParams.set('logout_hint', request.logoutHint);
  if (request.idTokenHint && settings.idTokenHintOnLogout) url.searchParams.set('id_token_hint', request.idTokenHint);
  url.searchParams.set('state', request.state);
  return url;
}
