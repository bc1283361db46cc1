// A downstream web API as `downstreamApi()` takes it, and the value it makes for `downstreamApis`.

/**
 * The options of one web API of `downstreamApis`, as `downstreamApi()` takes them.
 *
 * @example
 * ```ts
 * import { createIdentityWeb, downstreamApi } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   downstreamApis: {
 *     orders: downstreamApi({ baseUrl: 'https://orders.example.com/v1', scopes: ['api://orders/read'] }),
 *   },
 * });
 * app.get('/orders/:id', requireAuth(), async (c) => {
 *   // With the user's access token: GET https://orders.example.com/v1/orders/{id}
 *   const response = await c.var.auth.callApi('orders', `orders/${encodeURIComponent(c.req.param('id'))}`);
 *   return c.json(await response.json());
 * });
 * ```
 *
 * @see RFC 6750 §2.1 (Authorization Request Header Field), or RFC 9449 §7 for DPoP-bound tokens
 * @see RFC 8707 §2 (Resource Parameter): `resource`
 *
 * @group Setup
 */
export interface DownstreamApiOptions {
  /**
   * Where the API lives: https (http only on localhost). Every `callApi` path is resolved
   * below it, and a path that would leave it (another origin, `..` above its path) is refused.
   */
  baseUrl: string;
  /** Scopes of the access token sent to this API. */
  scopes: readonly string[];
  /**
   * The API's resource indicator (RFC 8707), for providers that take one (`@identity-web/oidc`):
   * asked for at every sign-in and on each token request for this API.
   */
  resource?: string;
}

/**
 * One web API `auth.callApi(name, path)` calls, as `downstreamApi()` made it: its options,
 * checked. The value brings callApi's code into the app; an app that gives none bundles none.
 *
 * @group Setup
 */
export interface DownstreamApi {
  /** What calls it: `auth.callApi(name, path)` (and `identity.callApi(account, name, path)`). */
  readonly calledBy: 'callApi';
  /** Where the API lives, as given (checked: https, or http on localhost). */
  readonly baseUrl: string;
  /** The scopes of the access token sent to it, normalized. */
  readonly scopes: readonly string[];
  /** Its resource indicator (RFC 8707), when one was given. */
  readonly resource?: string;
}
