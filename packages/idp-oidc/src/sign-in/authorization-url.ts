import type { AuthorizationRequest } from '@identity-web/core/provider';
import type { OidcContext } from '../context.js';
import { endpointUrl } from '../http/secure-url.js';

/**
 * The authorization request of the code flow (OIDC Core 1.0 §3.1.2.1) with PKCE S256 (RFC 7636 §4.3).
 * The core makes `state`, `nonce` and the challenge per transaction; we only place them.
 */
export async function authorizationUrl(ctx: OidcContext, request: AuthorizationRequest): Promise<URL> {
  const as = await ctx.discovery.get();
  const url = endpointUrl(as.authorization_endpoint, 'authorization_endpoint', ctx.settings.allowInsecureRequests);
  const scopes = new Set(request.scopes);
  // Without `openid` this would be plain OAuth: no ID token, no nonce check, no account.
  scopes.add('openid');
  const params = url.searchParams;
  params.set('client_id', ctx.settings.clientId);
  params.set('response_type', 'code');
  params.set('redirect_uri', request.redirectUri);
  params.set('scope', [...scopes].join(' '));
  params.set('state', request.state);
  params.set('nonce', request.nonce);
  params.set('code_challenge', request.codeChallenge);
  params.set('code_challenge_method', 'S256');
  if (ctx.settings.responseMode === 'form_post') params.set('response_mode', 'form_post');
  if (request.prompt !== undefined) params.set('prompt', request.prompt);
  if (request.loginHint !== undefined) params.set('login_hint', request.loginHint);
  if (request.domainHint !== undefined) params.set('domain_hint', request.domainHint);
  if (request.claims !== undefined) params.set('claims', request.claims);
  // RFC 8707 §2.1: the APIs the grant is for, ours and the app's downstream APIs. Auth0's
  // `audience` takes one API only.
  const resources = [...new Set([...ctx.settings.resources, ...(request.resources ?? [])])];
  const { resourceParameter } = ctx.settings;
  for (const resource of resourceParameter === 'audience' ? resources.slice(0, 1) : resources) {
    params.append(resourceParameter, resource);
  }
  return url;
}
