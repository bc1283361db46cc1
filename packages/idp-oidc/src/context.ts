import * as oauth from 'oauth4webapi';
import { boundedFetch } from './bounded-fetch.js';
import { Discovery, type HttpOptions } from './discovery.js';
import { JwksCache } from './jwks.js';
import type { ResolvedOptions } from './validate-options.js';

/** What every operation of the provider shares: options, client, HTTP and caches. */
export interface OidcContext {
  readonly options: ResolvedOptions;
  readonly client: oauth.Client;
  readonly clientAuth: oauth.ClientAuth;
  readonly http: HttpOptions;
  readonly discovery: Discovery;
  readonly jwks: JwksCache;
}

function clientAuthFor(options: ResolvedOptions): oauth.ClientAuth {
  const { clientAuth, clientSecret = '' } = options;
  if (clientAuth === 'client_secret_post') return oauth.ClientSecretPost(clientSecret);
  if (clientAuth === 'client_secret_basic') return oauth.ClientSecretBasic(clientSecret);
  return oauth.None();
}

export function createContext(options: ResolvedOptions): OidcContext {
  const fetch = boundedFetch(options.fetch, options.timeoutMs);
  const http: HttpOptions = {
    [oauth.customFetch]: fetch,
    // Endpoint URLs are checked by `endpointUrl` first (loopback-only http); this only lets
    // oauth4webapi follow that decision.
    [oauth.allowInsecureRequests]: options.allowInsecureRequests,
  };
  return {
    options,
    client: { client_id: options.clientId, [oauth.clockTolerance]: options.clockSkewSeconds },
    clientAuth: clientAuthFor(options),
    http,
    discovery: new Discovery(options, http),
    jwks: new JwksCache(options, fetch),
  };
}
