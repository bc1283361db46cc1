import type { Clock } from '@identity-web/core/provider';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { idpError, idpUnavailable } from '../errors.js';
import { withTimeout } from './transport.js';

/**
 * Minimum time between two JWKS fetches triggered by an unknown `kid`. OIDC Core 1.0 §10.1.1
 * says to refetch on an unknown `kid` (Entra rotates its keys); without a floor, a stream of forged `kid`s
 * would make us hammer the provider.
 */
export const JWKS_COOLDOWN_MS = 30_000;

interface Loaded {
  readonly uri: string;
  readonly fetchedAt: number;
  readonly keys: JWTVerifyGetKey;
}

/**
 * Entra's signing keys, kept for `ttlMs` by the injected clock. jose picks the key
 * (`createLocalJWKSet`); fetching and timing are ours because jose's remote set reads the system
 * clock. Concurrent loads share one request, and an unknown `kid` reloads at most once per
 * {@link JWKS_COOLDOWN_MS}.
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

/**
 * GETs Entra's key set, bounded by `timeoutMs` like every request to Entra. 5xx and 429 are
 * "try again later" (`idp_unavailable`); anything else unusable is `idp_error`.
 */
export async function fetchKeySet(fetch: typeof globalThis.fetch, timeoutMs: number, uri: string): Promise<unknown> {
  const where = `Entra GET ${new URL(uri).pathname}`;
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
