// The authorization URL of the code flow with PKCE, its parameters pushed first (RFC 9126) when required.
import type { AuthorizationRequest } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError, idpFailure } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';

/**
 * The authorization request of the code flow (OIDC Core 1.0 §3.1.2.1) with PKCE S256 (RFC 7636 §4.3).
 * The core makes `state`, `nonce` and the challenge per transaction; we only place them.
 * Pushed (RFC 9126) when the provider requires it or `par` says so: the parameters go to the
 * provider with the client's authentication, and the browser carries only `client_id` and the
 * `request_uri` that stands for them (§4).
 */
export async function authorizationUrl(ctx: OidcContext, request: AuthorizationRequest): Promise<URL> {
  const as = await ctx.discovery.get();
  const url = endpointUrl(as.authorization_endpoint, 'authorization_endpoint', ctx.settings.allowInsecureRequests);
  checkProvider(ctx, as);
  const params = authorizationParameters(ctx, request);
  if (!ctx.settings.par && as.require_pushed_authorization_requests !== true) {
    // Ours replace any of the same name the endpoint URL carries; its others stay.
    for (const name of new Set(params.keys())) url.searchParams.delete(name);
    for (const [name, value] of params) url.searchParams.append(name, value);
    return url;
  }
  url.searchParams.set('client_id', ctx.settings.clientId);
  url.searchParams.set('request_uri', await push(ctx, as, params));
  return url;
}

/**
 * What the provider must support for `dpop` and `profile: 'fapi2'`, checked before the user is
 * sent there: a sign-in that could only fail at the callback is refused now, saying why.
 */
function checkProvider(ctx: OidcContext, as: oauth.AuthorizationServer): void {
  const algs = as.dpop_signing_alg_values_supported;
  if (ctx.settings.dpop !== undefined && Array.isArray(algs) && !algs.includes('ES256')) {
    throw idpError('the provider does not take ES256 DPoP proofs ("dpop_signing_alg_values_supported")');
  }
  if (ctx.settings.fapi2 && as.authorization_response_iss_parameter_supported !== true) {
    throw idpError(
      'profile "fapi2": the provider does not advertise the "iss" authorization-response parameter (RFC 9207), which FAPI 2.0 requires',
    );
  }
}

/** RFC 9126 §2: pushes the parameters; the `request_uri` the provider answered. */
async function push(ctx: OidcContext, as: oauth.AuthorizationServer, params: URLSearchParams): Promise<string> {
  if (as.pushed_authorization_request_endpoint === undefined) {
    throw idpError(
      'the provider has no "pushed_authorization_request_endpoint" in its discovery document: "par: true" needs one',
    );
  }
  endpointUrl(
    as.pushed_authorization_request_endpoint,
    'pushed_authorization_request_endpoint',
    ctx.settings.allowInsecureRequests,
  );
  try {
    const response = await oauth.pushedAuthorizationRequest(as, ctx.client, ctx.clientAuth, params, ctx.http);
    return (await oauth.processPushedAuthorizationResponse(as, ctx.client, response)).request_uri;
  } catch (error) {
    throw idpFailure(error, 'pushed authorization request', ctx.settings);
  }
}

function authorizationParameters(ctx: OidcContext, request: AuthorizationRequest): URLSearchParams {
  const scopes = new Set(request.scopes);
  // Without `openid` this would be plain OAuth: no ID token, no nonce check, no account.
  scopes.add('openid');
  const params = new URLSearchParams();
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
  // RFC 9470 §4: a step-up an API asked for, as OpenID Connect Core 1.0 §3.1.2.1 names them.
  if (request.acrValues !== undefined) params.set('acr_values', request.acrValues.join(' '));
  if (request.maxAge !== undefined) params.set('max_age', String(request.maxAge));
  // RFC 8707 §2.1: the APIs the grant is for, ours and the app's downstream APIs. Auth0's
  // `audience` takes one API only.
  const resources = [...new Set([...ctx.settings.resources, ...(request.resources ?? [])])];
  const { resourceParameter } = ctx.settings;
  for (const resource of resourceParameter === 'audience' ? resources.slice(0, 1) : resources) {
    params.append(resourceParameter, resource);
  }
  return params;
}
