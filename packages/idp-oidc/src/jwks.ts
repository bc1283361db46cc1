import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { FetchLike } from './options.js';
import { endpointUrl } from './secure-url.js';
import type { ResolvedOptions } from './validate-options.js';

/**
 * Minimum time between two JWKS fetches triggered by an unknown `kid`. Core §10.1.1 says to
 * refetch on an unknown `kid` (key rotation); without a floor, a stream of forged `kid`s would
 * make us hammer the provider. Pinned here rather than left to jose's default so an upgrade
 * cannot silently change it.
 */
export const JWKS_COOLDOWN_MS = 30_000;

/**
 * One jose remote key set per `jwks_uri` (and so per issuer), kept for the life of the provider
 * object. jose gives us what we need: keys cached for `discoveryTtlSeconds`, concurrent reloads
 * collapsed into one request, and an unknown `kid` reloading at most once per cooldown.
 */
export class JwksCache {
  readonly #options: ResolvedOptions;
  readonly #fetch: FetchLike;
  #sets = new Map<string, JWTVerifyGetKey>();

  constructor(options: ResolvedOptions, fetch: FetchLike) {
    this.#options = options;
    this.#fetch = fetch;
  }

  keySet(jwksUri: unknown): JWTVerifyGetKey {
    const url = endpointUrl(jwksUri, 'jwks_uri', this.#options.allowInsecureRequests);
    let set = this.#sets.get(url.href);
    if (set === undefined) {
      set = createRemoteJWKSet(url, {
        cacheMaxAge: this.#options.discoveryTtlSeconds * 1000,
        cooldownDuration: JWKS_COOLDOWN_MS,
        timeoutDuration: this.#options.timeoutMs,
        [customFetch]: (href, init) => this.#fetch(href, init),
      });
      // A rotated jwks_uri replaces the old set instead of accumulating sets.
      this.#sets = new Map([[url.href, set]]);
    }
    return set;
  }
}
