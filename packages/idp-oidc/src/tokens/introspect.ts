// RFC 7662 for an API on @identity-web/oidc: what the provider says of an opaque access token.
import { idpError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure, oauthErrorOf } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';

/** RFC 7662 §2.3 and RFC 6749 §5.2: the errors that say the token, not the client, was refused. */
const NOT_A_TOKEN = new Set(['unsupported_token_type', 'invalid_request', 'invalid_token']);

/**
 * Asks the provider's `introspection_endpoint` (or the API's `endpoint`, when its discovery document
 * names none) about `token` (RFC 7662 §2.1), authenticated as the
 * API's client, with the hint `access_token`. Returns the answer as the provider gave it (its
 * `active` a boolean, oauth4webapi checks); the core decides whether the API takes the token.
 * A provider that cannot be reached is `idp_unavailable`; a refusal of the client names the
 * credential to check; a token the provider will not introspect (400 `unsupported_token_type`,
 * `invalid_request`) is answered `{ active: false }`.
 *
 * @see RFC 7662 (OAuth 2.0 Token Introspection) §2.1, §2.2
 */
export async function introspectAccessToken(
  ctx: OidcContext,
  token: string,
  options: { readonly endpoint?: string } = {},
): Promise<Readonly<Record<string, unknown>>> {
  const discovered = await ctx.discovery.get();
  // An endpoint the API names stands in for one its provider's discovery document leaves out.
  const as = options.endpoint === undefined ? discovered : { ...discovered, introspection_endpoint: options.endpoint };
  if (as.introspection_endpoint === undefined) {
    throw idpError(
      'token introspection failed: the provider\'s discovery document names no introspection_endpoint: set "introspection.endpoint" of createIdentityWebApi to the provider\'s introspection URL',
    );
  }
  endpointUrl(as.introspection_endpoint, 'introspection_endpoint', ctx.settings.allowInsecureRequests);
  try {
    const response = await oauth.introspectionRequest(as, ctx.client, ctx.clientAuth, token, {
      ...ctx.http,
      additionalParameters: { token_type_hint: 'access_token' },
    });
    return await oauth.processIntrospectionResponse(as, ctx.client, response);
  } catch (error) {
    // RFC 7662 §2.3: a token the provider cannot introspect (`unsupported_token_type`, or one it
    // finds malformed) is no active token of its; anything else is the provider's or the client's.
    const refused = oauthErrorOf(error);
    if (refused?.status === 400 && NOT_A_TOKEN.has(refused.error)) return { active: false };
    throw idpFailure(error, 'token introspection', ctx.settings);
  }
}
