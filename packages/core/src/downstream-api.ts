// `downstreamApi({ baseUrl, scopes })`: a web API `auth.callApi(name, path)` calls with the user's
// access token. The one value that brings callApi's code into an app (the call, the rule that keeps
// a path below the API's base URL, the reading of the API's challenges): nothing createIdentityWeb
// reaches imports this file, so an app that calls its APIs with `acquireToken` and a fetch of its
// own bundles none of it.

import type { DownstreamApi, DownstreamApiOptions } from './config/downstream-api-options.js';
import type { DownstreamApiWiring } from './config/downstream-apis.js';
import { invalidOption } from './domain/errors.js';
import { checkOptionsObject, httpsUrl } from './domain/option-checks.js';
import { normalizeScopes } from './domain/scopes.js';
import { CallDownstreamApi } from './use-cases/call-downstream-api.js';

const SHAPE = { baseUrl: true, scopes: true, resource: true } as const;

/**
 * A web API for `createIdentityWeb`'s `downstreamApis`, by the name `auth.callApi(name, path)`
 * calls it: every call gets the user's access token for `scopes` (from the token cache, refreshed
 * when due), goes only below `baseUrl`, and answers the API's challenges (a 401 retried once with
 * a fresh token, more claims asked silently, more scopes or a step-up asked of the user, a DPoP
 * nonce). Its options are checked here: access tokens travel to `baseUrl`, so plain http is
 * refused except on loopback, and a URL with a query, a fragment or credentials, which call paths
 * could not sensibly extend, is refused too.
 *
 * @example
 * ```ts
 * import { createIdentityWeb, downstreamApi } from '@identity-web/core';
 *
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   downstreamApis: {
 *     orders: downstreamApi({ baseUrl: 'https://orders.example.com/v1', scopes: ['api://orders/read'] }),
 *   },
 * });
 * // in a route: const response = await auth.callApi('orders', 'orders?page=1');
 * ```
 *
 * @see RFC 6750 §2.1 and §3 (the token sent, the API's challenge read), RFC 9449 §7 and §8 (DPoP)
 * @see RFC 8707 §2 (Resource Parameter): `resource`
 *
 * @group Setup
 */
export function downstreamApi(options: DownstreamApiOptions): DownstreamApi {
  checkOptionsObject(options, SHAPE, 'downstreamApi');
  const url = httpsUrl(options.baseUrl, 'downstreamApi.baseUrl', { loopbackHttp: true });
  if (!Array.isArray(options.scopes)) throw invalidOption('downstreamApi.scopes', 'must be a non-empty list of scopes');
  const scopes = Object.freeze(normalizeScopes(options.scopes));
  if (scopes.length === 0) throw invalidOption('downstreamApi.scopes', 'must be a non-empty list of scopes');
  const resource: unknown = options.resource;
  // RFC 8707 §2: an absolute URI without a fragment.
  if (resource !== undefined && (typeof resource !== 'string' || !URL.canParse(resource) || resource.includes('#'))) {
    throw invalidOption('downstreamApi.resource', 'must be an absolute URI without a fragment (RFC 8707 §2)');
  }
  const given = {
    calledBy: 'callApi' as const,
    baseUrl: options.baseUrl,
    scopes,
    ...(resource !== undefined && { resource }),
  };
  const api: DownstreamApiWiring = {
    ...given,
    named: (name) => ({ name, baseUrl: new URL(url), scopes, ...(resource !== undefined && { resource }) }),
    wire(container) {
      container.registerSingleton(CallDownstreamApi);
      return { execute: (...call) => container.resolve(CallDownstreamApi).execute(...call) };
    },
  };
  return Object.freeze(api);
}
