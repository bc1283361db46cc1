// The RP-Initiated Logout 1.0 URL, or `null` when the provider has no `end_session_endpoint`.
import type { EndSessionRequest } from '@identity-web/core/provider';
import type { OidcContext } from '../context.js';
import { endpointUrl } from '../http/secure-url.js';

/**
 * The RP-Initiated Logout 1.0 §2 request, or `null` when the provider has no
 * `end_session_endpoint` (the core then shows its own signed-out page).
 *
 * - `post_logout_redirect_uri` is sent exactly as given: the OP compares it by exact string
 *   match with the registered one (§3), so it is never normalised here.
 * - `client_id` is always sent (as openid-client does): the OP needs it to trust the redirect
 *   when the id token hint is missing or has expired (§2).
 * - A non-https endpoint is refused (§2.1): the hint would travel in clear.
 */
export async function endSessionUrl(ctx: OidcContext, request: EndSessionRequest): Promise<URL | null> {
  const as = await ctx.discovery.get();
  if (as.end_session_endpoint === undefined) return null;
  const url = endpointUrl(as.end_session_endpoint, 'end_session_endpoint', ctx.settings.allowInsecureRequests);
  const params = url.searchParams;
  if (request.idTokenHint !== undefined) params.set('id_token_hint', request.idTokenHint);
  if (request.logoutHint !== undefined) params.set('logout_hint', request.logoutHint);
  params.set('client_id', ctx.settings.clientId);
  if (request.postLogoutRedirectUri !== '') params.set('post_logout_redirect_uri', request.postLogoutRedirectUri);
  if (request.state !== '') params.set('state', request.state);
  return url;
}
