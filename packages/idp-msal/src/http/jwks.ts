// Entra's signing keys: fetched within a deadline, cached, and refetched for an unknown `kid`.
import type { Clock } from '@identity-web/core/provider';
import { createLocalJWKSet, errors, flattenedVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { idpError, idpUnavailable } from '../errors.js';
import { withTimeout } from './transport.js';

/**
 * Minimum time between two JWKS fetches triggered by an unknown `kid`, per channel. OIDC Core 1.0
 * §10.1.1 says to refetch on an unknown `kid` (Entra rotates its keys); without a floor, a stream of forged
 * `kid`s would make us hammer the provider. The first load of a set does not count: a rotation
 * right after a sign-in is still picked up at once. ID tokens (from the token endpoint, over TLS)
 * and logout tokens (anyone may POST one) keep separate floors, so forged logout tokens cannot
 * hold back a rotation the provider's own ID tokens need.
 */
export const JWKS_COOLDOWN_MS = 30_000;

/** After a failed load, the same failure is answered without a fetch for this long. */
const FAILED_LOAD_FLOOR_MS = 5_000;

/**
 * Keys tried for one token without a `kid` when several of the right type are published
 * (OIDC Core 1.0 §10.1: a `kid` is required only then, and conformance tests accept trying each).
 * The keys come from the provider, never from the token, so this bounds only a provider's mistake.
 */
const MAX_CANDIDATES = 8;

/** Where a token came from: the token endpoint (an ID token) or an anonymous POST (a logout token). */
export type TokenChannel = 'id-token' | 'logout-token';

interface Loaded {
  readonly uri: string;
  readonly fetchedAt: number;
  readonly keys: JWTVerifyGetKey;
}

/**
 * Entra's signing keys, kept for `ttlMs` by the injected clock. jose picks the key
 * (`createLocalJWKSet`); fetching and timing are ours because jose's remote set reads the system
 * clock. Concurrent loads share one request; an unknown `kid` (or a token without `kid` that no
 * key verifies) reloads at most once per {@link JWKS_COOLDOWN_MS} per channel, after which a key
 * that left the set is no longer accepted. A new `jwks_uri` replaces the old set. A set that
 * cannot be fetched or read is never kept, and its failure is answered again for
 * {@link FAILED_LOAD_FLOOR_MS} without a fetch.
 */
export class JwksCache {
  #loaded: Loaded | undefined;
  #pending: { uri: string; promise: Promise<Loaded> } | undefined;
  #failed: { uri: string; at: number; error: unknown } | undefined;
  readonly #refetchedAt: Record<TokenChannel, number> = {
    'id-token': Number.NEGATIVE_INFINITY,
    'logout-token': Number.NEGATIVE_INFINITY,
  };

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly fetchKeySet: (uri: string) => Promise<unknown>,
  ) {}

  /** The key resolver jose's verify functions call for one token of `channel`. */
  keySet(uri: string, channel: TokenChannel): JWTVerifyGetKey {
    return async (header, token) => {
      let loaded = this.#loaded;
      if (loaded?.uri !== uri || this.clock.now() >= loaded.fetchedAt + this.ttlMs) loaded = await this.#load(uri);
      try {
        return await pick(loaded, header, token);
      } catch (error) {
        const now = this.clock.now();
        const unknownKey =
          error instanceof errors.JWKSNoMatchingKey ||
          (header.kid === undefined && error instanceof errors.JWSSignatureVerificationFailed);
        if (!unknownKey || now < this.#refetchedAt[channel] + JWKS_COOLDOWN_MS) throw error;
        this.#refetchedAt[channel] = now;
        return pick(await this.#load(uri), header, token);
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
      const body = await this.fetchKeySet(uri);
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

/**
 * The set's key for the token. A token without `kid` is verified here, against the one key of
 * its type or each of several (at most {@link MAX_CANDIDATES}), so a failure can trigger the
 * refetch a rotation without `kid`s needs; a signature failure when none verifies.
 */
async function pick(loaded: Loaded, ...[header, token]: Parameters<JWTVerifyGetKey>) {
  let candidates: AsyncIterable<Awaited<ReturnType<JWTVerifyGetKey>>>;
  try {
    const key = await loaded.keys(header, token);
    if (header.kid !== undefined) return key;
    candidates = (async function* () {
      yield key;
    })();
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    candidates = error;
  }
  let tried = 0;
  for await (const key of candidates) {
    if (++tried > MAX_CANDIDATES) break;
    try {
      await flattenedVerify(token, key, { algorithms: [String(header.alg)] });
      return key;
    } catch {
      // not this one
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}

function unusableKeySet(uri: string) {
  return idpError(`the JWKS endpoint ${uri} answered an unusable key set`);
}

/**
 * GETs Entra's key set, bounded by `timeoutMs` like every request to Entra. 5xx and 429 are
 * "try again later" (`idp_unavailable`); anything else unusable is `idp_error`.
 */
export async function fetchKeySet(fetch: typeof globalThis.fetch, timeoutMs: number, uri: string): Promise<unknown> {
  const where = `Entra GET ${new URL(uri).href}`;
  return withTimeout(timeoutMs, where, async (signal) => {
    let response: Response;
    let text: string;
    try {
      // No redirects: the key set must come from the authority's own https `jwks_uri`.
      response = await fetch(uri, {
        method: 'GET',
        redirect: 'manual',
        headers: { accept: 'application/json' },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw idpUnavailable(`${where} failed: network error`, error);
    }
    if (response.status >= 500 || response.status === 429)
      throw idpUnavailable(`${where} answered HTTP ${response.status}`);
    if (response.status !== 200) throw idpError(`${where} answered HTTP ${response.status}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw idpError(`${where} answered an unusable key set`);
    }
  });
}
