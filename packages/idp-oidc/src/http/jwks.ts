import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
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

  /** jose reports any non-200 alike; a 503 must stay distinguishable as "try again later". */
  async #fetchKeys(url: string, init: RequestInit): Promise<Response> {
    const response = await this.#fetch(url, init);
    if (response.status === 200) return response;
    const unavailable = response.status === 503;
    throw new IdentityWebError(
      unavailable ? ErrorCode.IdpUnavailable : ErrorCode.IdpError,
      `the JWKS endpoint answered HTTP ${response.status}`,
      { status: unavailable ? 503 : 502 },
    );
  }

  keySet(jwksUri: unknown): JWTVerifyGetKey {
    const url = endpointUrl(jwksUri, 'jwks_uri', this.#options.allowInsecureRequests);
    let set = this.#sets.get(url.href);
    if (set === undefined) {
      set = createRemoteJWKSet(url, {
        cacheMaxAge: this.#options.discoveryTtlSeconds * 1000,
        cooldownDuration: JWKS_COOLDOWN_MS,
        timeoutDuration: this.#options.timeoutMs,
        [customFetch]: (href, init) => this.#fetchKeys(href, init),
      });
      // A rotated jwks_uri replaces the old set instead of accumulating sets.
      this.#sets = new Map([[url.href, set]]);
    }
    return set;
  }
}
