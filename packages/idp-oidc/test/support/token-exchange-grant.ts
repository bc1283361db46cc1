/// <reference types="node" />
// RFC 8693 token exchange for oidc-provider, which has none built in: as a provider that offers it
// does it (Keycloak, Okta, Auth0 custom grants), an access token of the provider's for the
// exchanging client's own API in, an access token of the named resource for the same user out.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

interface ExchangeContext {
  readonly oidc: {
    readonly params: Record<string, string | undefined>;
    readonly client: { readonly clientId: string };
  };
  body: unknown;
}

/**
 * Registers the grant: `audiences` names, for each client that may exchange, the audience the
 * subject token must have (its own API). The issued token is a JWT access token (RFC 9068) for
 * `resource`, with the subject's `sub` and `sid`. Returns the exchanges made, counted.
 */
export function registerTokenExchange(
  provider: Provider,
  issuer: string,
  audiences: Readonly<Record<string, string>>,
): { exchanges: number } {
  const counter = { exchanges: 0 };
  const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const handler = async (ctx: ExchangeContext) => {
    const { params, client } = ctx.oidc;
    if (params.subject_token_type !== ACCESS_TOKEN) throw new errors.InvalidRequest('unsupported subject_token_type');
    if (params.resource === undefined) throw new errors.InvalidTarget('a resource is required');
    const audience = audiences[client.clientId];
    if (audience === undefined) throw new errors.UnauthorizedClient('this client may not exchange tokens');
    let claims: { sub?: string; sid?: string };
    try {
      ({ payload: claims } = await jwtVerify(params.subject_token ?? '', keys, { issuer, audience, typ: 'at+jwt' }));
    } catch {
      throw new errors.InvalidGrant('the subject token was refused');
    }
    const token = new provider.AccessToken({
      accountId: claims.sub,
      client,
      gty: TOKEN_EXCHANGE,
      scope: params.scope,
      ...(claims.sid !== undefined && { sid: claims.sid }),
    });
    token.resourceServer = new provider.ResourceServer(params.resource, {
      audience: params.resource,
      scope: 'read',
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: 'RS256' } },
    });
    const value = await token.save();
    counter.exchanges++;
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope: params.scope,
    };
  };
  provider.registerGrantType(TOKEN_EXCHANGE, handler, [
    'subject_token',
    'subject_token_type',
    'requested_token_type',
    'resource',
    'scope',
  ]);
  return counter;
}
