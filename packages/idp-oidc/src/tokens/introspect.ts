// RFC 7662 for an API on @identity-web/oidc: what the provider says of an opaque access token.
import { idpError, invalidOption } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';

/**
 * Asks the provider's `introspection_endpoint` about `token` (RFC 7662 §2.1), authenticated as the
 * API's client, with the hint `access_token`. Returns the answer as the provider gave it (its
 * `active` a boolean, oauth4webapi checks); the core decides whether the API takes the token.
 * A provider that cannot be reached is `idp_unavailable`; a refusal of the client names the
 * credential to check.
 *
 * @see RFC 7662 (OAuth 2.0 Token Introspection) §2.1, §2.2
 */
export async function introspectAccessToken(
  ctx: OidcContext,
  token: string,
): Promise<Readonly<Record<string, unknown>>> {
  if (ctx.settings.clientAuth === 'none') {
    throw invalidOption(
      'clientSecret',
      'is required to introspect access tokens (RFC 7662 §2.1: the API authenticates)',
    );
  }
  const as = await ctx.discovery.get();
  if (as.introspection_endpoint === undefined) {
    throw idpError("token introspection failed: the provider's discovery document names no introspection_endpoint");
  }
  endpointUrl(as.introspection_endpoint, 'introspection_endpoint', ctx.settings.allowInsecureRequests);
  try {
    const response = await oauth.introspectionRequest(as, ctx.client, ctx.clientAuth, token, {
      ...ctx.http,
      additionalParameters: { token_type_hint: 'access_token' },
    });
    return await oauth.processIntrospectionResponse(as, ctx.client, response);
  } catch (error) {
    throw idpFailure(error, 'token introspection', ctx.settings);
  }
}
