// An issuer's signing keys: fetched, cached by the injected clock, and refetched for an unknown `kid`.

import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../ports/clock.port.js';
import type { FetchLike } from '../ports/fetch.port.js';
import { fetchKeySet, unusableKeySet } from './fetch-key-set.js';
import { pickKey } from './pick-key.js';

/**
 * Minimum time between two JWKS fetches triggered by an unknown `kid`, per channel. OIDC Core 1.0
 * §10.1.1 says to refetch on an unknown `kid` (key rotation); without a floor, a stream of forged
 * `kid`s would make us hammer the provider. The first load of a set does not count: a rotation
 * right after a sign-in is still picked up at once. ID tokens (from the token endpoint, over TLS),
 * logout tokens (anyone may POST one) and access tokens (anyone may send one to an API) keep
 * separate floors, so forged tokens of one channel cannot hold back a rotation another needs.
 */
export const JWKS_COOLDOWN_MS = 30_000;

/** After a failed load, the same failure is answered without a fetch for this long. */
export const FAILED_LOAD_FLOOR_MS = 5_000;

/**
 * Where a token came from: the token endpoint (an ID token), an anonymous POST (a logout token),
 * or any client of an API (an access token).
 *
 * @group Provider port
 */
export type TokenChannel = 'id-token' | 'logout-token' | 'access-token';

interface Loaded {
  readonly uri: string;
  readonly fetchedAt: number;
  readonly keys: JWTVerifyGetKey;
}

/**
 * An issuer's key set, kept for `ttlMs` by the injected clock. jose picks the key
 * (`createLocalJWKSet`); fetching and timing are ours because jose's remote set reads the system
 * clock. Concurrent loads share one request; an unknown `kid` (or a token without `kid` that no
 * key verifies) reloads at most once per 30 s (`JWKS_COOLDOWN_MS`) per channel, after which a key
 * that left the set is no longer accepted. A new `jwks_uri` replaces the old set. A set that
 * cannot be fetched or read is never kept, and its failure is answered again for 5 s
 * (`FAILED_LOAD_FLOOR_MS`) without a fetch. Failures are typed by {@link providerFailure}:
 * a key-set endpoint that is down is `idp_unavailable`, an unusable one `idp_error`.
 *
 * @group Provider port
 */
export class JwksCache {
  #loaded: Loaded | undefined;
  #pending: { uri: string; promise: Promise<Loaded> } | undefined;
  #failed: { uri: string; at: number; error: unknown } | undefined;
  readonly #refetchedAt: Record<TokenChannel, number> = {
    'id-token': Number.NEGATIVE_INFINITY,
    'logout-token': Number.NEGATIVE_INFINITY,
    'access-token': Number.NEGATIVE_INFINITY,
  };

  /**
   * @param clock - Decides when the set expires and when a refetch is allowed.
   * @param ttlMs - How long a fetched set is kept.
   * @param fetch - The package's bounded fetch: its deadline and body cap apply to the key set.
   */
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly fetch: FetchLike,
  ) {}

  /** The key resolver jose's verify functions call for one token of `channel`. */
  keySet(uri: string, channel: TokenChannel): JWTVerifyGetKey {
    return async (header, token) => {
      let loaded = this.#loaded;
      if (loaded?.uri !== uri || this.clock.now() >= loaded.fetchedAt + this.ttlMs) loaded = await this.#load(uri);
      try {
        return await pickKey(loaded.keys, header, token);
      } catch (error) {
        const now = this.clock.now();
        const unknownKey =
          error instanceof errors.JWKSNoMatchingKey ||
          (header.kid === undefined && error instanceof errors.JWSSignatureVerificationFailed);
        if (!unknownKey || now < this.#refetchedAt[channel] + JWKS_COOLDOWN_MS) throw error;
        this.#refetchedAt[channel] = now;
        return pickKey((await this.#load(uri)).keys, header, token);
      }
    };
  }

  #load(uri: string): Promise<Loaded> {
    const failed = this.#failed;
    if (failed?.uri === uri && this.clock.now() < failed.at + FAILED_LOAD_FLOOR_MS) return Promise.reject(failed.error);
    if (this.#pending?.uri !== uri) {
      const promise = this.#fetch(uri).finally(() => {
        if (this.#pending?.promise === promise) this.#pending = undefined;
      });
      this.#pending = { uri, promise };
    }
    return this.#pending.promise;
  }

  async #fetch(uri: string): Promise<Loaded> {
    try {
      const body = await fetchKeySet(this.fetch, uri);
      let keys: JWTVerifyGetKey;
      try {
        keys = createLocalJWKSet(body as JSONWebKeySet);
      } catch {
        throw unusableKeySet(uri);
      }
      this.#loaded = { uri, fetchedAt: this.clock.now(), keys };
      this.#failed = undefined;
      return this.#loaded;
    } catch (error) {
      this.#failed = { uri, at: this.clock.now(), error };
      throw error;
    }
  }
}
