// `downstreamApi({ baseUrl, scopes })`: a web API `auth.callApi(name, path)` calls with the user's
// access token. The one value that brings callApi's code into an app (the call, the rule that keeps
// a path below the API's base URL, the reading of the API's challenges): nothing createIdentityWeb
// reaches imports this file, so an app that calls its APIs with `acquireToken` and a fetch of its
// own bundles none of it.

import type { DependencyContainer } from './config/di.js';
import type { DownstreamApi, DownstreamApiOptions } from './config/downstream-api-options.js';
import { checkedDownstreamApi, DOWNSTREAM_API_EXAMPLE, type DownstreamCalls } from './config/downstream-apis.js';
import { invalidOption } from './domain/errors.js';
import { httpsUrl } from './domain/option-checks.js';
import { refuseUnknownOptions } from './domain/option-keys.js';
import { normalizeScopes } from './domain/scopes.js';
import { CallDownstreamApi } from './use-cases/call-downstream-api.js';

const SHAPE = { baseUrl: true, scopes: true, resource: true } as const;

/** Registers callApi's use case in an instance's container, once per instance. */
function wire(container: DependencyContainer): DownstreamCalls {
  container.registerSingleton(CallDownstreamApi);
  return { execute: (...call) => container.resolve(CallDownstreamApi).execute(...call) };
}

/** The scopes given, as a non-empty normalized list; refused naming the option otherwise. */
function scopesOf(value: unknown): readonly string[] {
  const scopes =
    Array.isArray(value) && value.every((scope) => typeof scope === 'string') ? normalizeScopes(value) : [];
  if (scopes.length === 0) throw invalidOption('downstreamApi.scopes', 'must be a non-empty list of scopes (strings)');
  return Object.freeze(scopes);
}

/**
 * A web API for `createIdentityWeb`'s `downstreamApis`, by the name `auth.callApi(name, path)`
 * calls it: every call gets the user's access token for `scopes` (from the token cache, refreshed
 * when due), goes only below `baseUrl`, and answers the API's challenges (a 401 retried once with
 * a fresh token, more claims asked silently, more scopes or a step-up asked of the user, a DPoP
 * nonce). Its options are checked here: access tokens travel to `baseUrl`, so plain http is
 * refused except on loopback, and a URL with a query, a fragment or credentials, which call paths
 * could not sensibly extend, is refused too. The value is taken as it was made: a copy of it, or
 * an object written to look like it, is refused by `createIdentityWeb`.
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
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOption('downstreamApi', `must be called with { baseUrl, scopes }, e.g. ${DOWNSTREAM_API_EXAMPLE}`);
  }
  refuseUnknownOptions(options, SHAPE, 'downstreamApi');
  // Each option read once: what is checked is what is kept.
  const { baseUrl, scopes: givenScopes, resource } = options as { [K in keyof DownstreamApiOptions]?: unknown };
  if (typeof baseUrl !== 'string') {
    throw invalidOption(
      'downstreamApi.baseUrl',
      'must be a string, an https URL such as "https://orders.example.com/v1"',
    );
  }
  const url = httpsUrl(baseUrl, 'downstreamApi.baseUrl', { loopbackHttp: true });
  const scopes = scopesOf(givenScopes);
  // RFC 8707 §2: an absolute URI without a fragment.
  if (resource !== undefined && (typeof resource !== 'string' || !URL.canParse(resource) || resource.includes('#'))) {
    throw invalidOption('downstreamApi.resource', 'must be an absolute URI without a fragment (RFC 8707 §2)');
  }
  const indicator = resource as string | undefined;
  const value: DownstreamApi = Object.freeze({
    calledBy: 'callApi',
    baseUrl,
    scopes,
    ...(indicator !== undefined && { resource: indicator }),
  });
  return checkedDownstreamApi(value, {
    baseUrl: url,
    scopes,
    ...(indicator !== undefined && { resource: indicator }),
    wire,
  });
}
