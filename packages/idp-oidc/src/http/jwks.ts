import type { Clock } from '@identity-web/core/provider';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { idpError, idpUnavailable } from '../errors.js';
import type { FetchLike } from '../options.js';

/**
 * Minimum time between two JWKS fetches triggered by an unknown `kid`. OIDC Core 1.0 §10.1.1
 * says to refetch on an unknown `kid` (key rotation); without a floor, a stream of forged `kid`s
 * would make us hammer the provider.
 */
export const JWKS_COOLDOWN_MS = 30_000;

interface Loaded {
  readonly uri: string;
  readonly fetchedAt: number;
  readonly keys: JWTVerifyGetKey;
}

/**
 * The issuer's key set, kept for `ttlMs` by the injected clock. jose picks the key
 * (`createLocalJWKSet`); fetching and timing are ours because jose's remote set reads the system
 * clock. Concurrent loads share one request, and an unknown `kid` reloads at most once per
 * {@link JWKS_COOLDOWN_MS}. A new `jwks_uri` replaces the old set.
 */
export class JwksCache {
  #loaded: Loaded | undefined;
  #pending: { uri: string; promise: Promise<Loaded> } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly fetchKeySet: (uri: string) => Promise<unknown>,
  ) {}

  /** The key resolver jose's verify functions call for one token. */
  keySet(uri: string): JWTVerifyGetKey {
    return async (header, token) => {
      let loaded = this.#loaded;
      if (loaded?.uri !== uri || this.clock.now() >= loaded.fetchedAt + this.ttlMs) loaded = await this.#load(uri);
      try {
        return await loaded.keys(header, token);
      } catch (error) {
        const coolingDown = this.clock.now() < loaded.fetchedAt + JWKS_COOLDOWN_MS;
        if (!(error instanceof errors.JWKSNoMatchingKey) || coolingDown) throw error;
        return (await this.#load(uri)).keys(header, token);
      }
    };
  }

  #load(uri: string): Promise<Loaded> {
    if (this.#pending?.uri !== uri) {
      const promise = this.#fetch(uri).finally(() => {
        if (this.#pending?.promise === promise) this.#pending = undefined;
      });
      this.#pending = { uri, promise };
    }
    return this.#pending.promise;
  }

  async #fetch(uri: string): Promise<Loaded> {
    const body = await this.fetchKeySet(uri);
    let keys: JWTVerifyGetKey;
    try {
      keys = createLocalJWKSet(body as JSONWebKeySet);
    } catch {
      throw idpError('the JWKS endpoint answered an unusable key set');
    }
    this.#loaded = { uri, fetchedAt: this.clock.now(), keys };
    return this.#loaded;
  }
}

/** GETs a key set through the bounded fetch; a 503 stays distinguishable as "try again later". */
export async function fetchKeySet(fetch: FetchLike, uri: string): Promise<unknown> {
  // No redirects: the key set must come from the advertised https `jwks_uri` itself.
  const response = await fetch(uri, { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } });
  if (response.status !== 200) {
    const message = `the JWKS endpoint answered HTTP ${response.status}`;
    throw response.status === 503 ? idpUnavailable(message) : idpError(message);
  }
  try {
    return await response.json();
  } catch {
    throw idpError('the JWKS endpoint answered an unusable key set');
  }
}
