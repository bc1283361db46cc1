// What every operation of the OIDC provider shares: settings, client and its authentication, HTTP and caches.
import { type FetchLike, JwksCache } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import { Discovery, type HttpOptions } from './http/discovery.js';
import { boundedFetch } from './http/transport.js';
import type { ProviderSettings } from './settings.js';
import type { ImportedKey } from './tokens/dpop-key.js';

/** What every operation of the provider shares: settings, client, HTTP and caches. */
export interface OidcContext {
  readonly settings: ProviderSettings;
  /** The oauth4webapi client, read per call: its clock offset follows the injected clock. */
  readonly client: oauth.Client;
  readonly clientAuth: oauth.ClientAuth;
  readonly http: HttpOptions;
  readonly discovery: Discovery;
  readonly jwks: JwksCache;
  /** The provider's latest `DPoP-Nonce` by origin (RFC 9449 §8), for the next proof there. */
  readonly dpopNonces: ReadonlyMap<string, string>;
  /** Accounts' DPoP keys as imported, by their public half (see `loadDpopKey`). */
  readonly dpopKeys: Map<string, ImportedKey>;
}

/** Origins whose nonce is kept: the provider's endpoints share one or a few. */
const MAX_NONCE_ORIGINS = 8;

/**
 * Records each `DPoP-Nonce` the provider answers with (RFC 9449 §8: with an error or any other
 * response), by origin. The map holds a handful of origins; the oldest goes first.
 */
function recordingNonces(fetch: FetchLike, nonces: Map<string, string>): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    const nonce = response.headers.get('dpop-nonce');
    // RFC 9449 §8.1: `nonce = 1*NQCHAR`; anything else (or a huge value) is not kept.
    if (nonce !== null && nonce.length <= 512 && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(nonce)) {
      const { origin } = new URL(url);
      nonces.delete(origin);
      if (nonces.size >= MAX_NONCE_ORIGINS) nonces.delete(nonces.keys().next().value as string);
      nonces.set(origin, nonce);
    }
    return response;
  };
}

/** One value encoded by the `application/x-www-form-urlencoded` serializer of the URL Standard. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * `client_secret_basic` (RFC 6749 §2.3.1): id and secret are form-urlencoded, then joined by `:`
 * and Base64-encoded. The URL Standard's serializer leaves alphanumerics and `*-._` as they are,
 * so the id and secret most clients have go out unchanged, and a server that compares the raw
 * value (many do not decode, although §2.3.1 says they must) sees the same as one that decodes.
 * oauth4webapi's own `ClientSecretBasic` also encodes `-._~!*'()`, which such servers refuse.
 */
function clientSecretBasic(clientSecret: string): oauth.ClientAuth {
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${btoa(`${formEncode(client.client_id)}:${formEncode(clientSecret)}`)}`);
  };
}

function clientAuthFor(settings: ProviderSettings): oauth.ClientAuth {
  const { clientAuth, clientSecret = '' } = settings;
  if (clientAuth === 'client_secret_post') return oauth.ClientSecretPost(clientSecret);
  if (clientAuth === 'client_secret_basic') return clientSecretBasic(clientSecret);
  // Assertions (RFC 7523 §3) take their `iat`/`exp` from oauth4webapi's clock, which `client`
  // below shifts onto the injected clock, and a fresh `jti` each.
  if (clientAuth === 'client_secret_jwt') return oauth.ClientSecretJwt(clientSecret);
  if (settings.privateKeyJwt !== undefined) return settings.privateKeyJwt.clientAuth();
  return oauth.None();
}

export function createContext(settings: ProviderSettings): OidcContext {
  const dpopNonces = new Map<string, string>();
  const bounded = boundedFetch(settings.fetch, settings.timeoutMs);
  const fetch = settings.dpop !== undefined ? recordingNonces(bounded, dpopNonces) : bounded;
  const http: HttpOptions = {
    [oauth.customFetch]: fetch,
    // Endpoint URLs are checked by `endpointUrl` first (loopback-only http); this only lets
    // oauth4webapi follow that decision.
    [oauth.allowInsecureRequests]: settings.allowInsecureRequests,
  };
  return {
    settings,
    get client(): oauth.Client {
      // oauth4webapi reads the system clock for ID token times; `clockSkew` (seconds) shifts
      // that to the injected clock, so one clock decides everywhere.
      const offset = Math.floor(settings.clock.now() / 1000) - Math.floor(Date.now() / 1000);
      return {
        client_id: settings.clientId,
        // The algorithms the client registered, for oauth4webapi's own header check (it takes a
        // list as well as the one value its type names).
        ...(settings.idToken.algorithms !== undefined && {
          id_token_signed_response_alg: settings.idToken.algorithms as unknown as string,
        }),
        [oauth.clockTolerance]: settings.clockSkewSeconds,
        [oauth.clockSkew]: offset,
      };
    },
    clientAuth: clientAuthFor(settings),
    http,
    discovery: new Discovery(settings, http),
    dpopNonces,
    dpopKeys: new Map(),
    jwks: new JwksCache(settings.clock, settings.discoveryTtlSeconds * 1000, fetch),
  };
}
