// `createOidcApiProvider`: the provider of `createOidcProvider` with what an API needs besides:
// the access-token signature check, introspection and token exchange. A web app that calls
// `createOidcProvider` alone does not bundle them.
import type { IdentityProvider } from '@identity-web/core/provider';
import { createContext } from './context.js';
import { type OidcIdentityProvider, webAppProvider } from './create-oidc-provider.js';
import type { OidcProviderOptions } from './options.js';
import { resolveSettings } from './settings.js';
import { acquireTokenOnBehalfOf } from './tokens/acquire-on-behalf-of.js';
import { introspectAccessToken } from './tokens/introspect.js';
import { verifyAccessTokenSignature } from './tokens/verify-access-token.js';

/**
 * The identity-web IdP port for any OpenID provider, with what an API needs.
 *
 * @group Protected API
 */
export interface OidcApiProvider extends OidcIdentityProvider {
  /** For an API: a token for further APIs in exchange for the one it received (RFC 8693 token exchange). */
  acquireTokenOnBehalfOf: NonNullable<IdentityProvider['acquireTokenOnBehalfOf']>;
  /** An access token's signature, for an API on `createIdentityWebApi` (`@identity-web/core/api`). */
  verifyAccessTokenSignature: NonNullable<IdentityProvider['verifyAccessTokenSignature']>;
  /**
   * For an API with `introspection`: the provider's answer about an opaque access token, asked at
   * its `introspection_endpoint` with the client's authentication (RFC 7662). Absent on a public
   * client (no `clientSecret` or `privateKeyJwt(keys)`): introspection is for authenticated clients.
   */
  introspectAccessToken?(
    token: string,
    options?: { readonly endpoint?: string },
  ): Promise<Readonly<Record<string, unknown>>>;
}

/**
 * Creates the identity-web provider of an API (`createIdentityWebApi` of
 * `@identity-web/core/api`) for any OpenID Connect provider: what {@link createOidcProvider}
 * gives, with the check of an access token's signature against the provider's keys, the
 * introspection of opaque tokens (RFC 7662) and the token exchange that calls further APIs on
 * behalf of the caller (RFC 8693). The options are {@link createOidcProvider}'s, checked the same
 * way. One such provider also serves a web app (`createIdentityWeb`) in the same process.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'https://orders.example.com',
 *   baseUrl: 'https://orders.example.com',
 * });
 * ```
 *
 * @see RFC 9068 (JWT Profile for OAuth 2.0 Access Tokens), RFC 7662 (Token Introspection),
 * RFC 8693 (Token Exchange)
 *
 * @group Protected API
 */
export function createOidcApiProvider(options: OidcProviderOptions): OidcApiProvider {
  const ctx = createContext(resolveSettings(options, 'createOidcApiProvider'));
  const provider: OidcApiProvider = {
    ...webAppProvider(ctx),
    verifyAccessTokenSignature: (jwt, refuse) => verifyAccessTokenSignature(ctx, jwt, refuse),
    acquireTokenOnBehalfOf: (partition, assertion, request) =>
      acquireTokenOnBehalfOf(ctx, partition, assertion, request),
  };
  // RFC 7662 §2.1: the introspection endpoint answers authenticated clients only, so an API that
  // asks for `introspection` with a public client is told so when it is created.
  if (ctx.settings.clientAuth !== 'none') {
    provider.introspectAccessToken = (token, options) => introspectAccessToken(ctx, token, options);
  }
  return provider;
}
