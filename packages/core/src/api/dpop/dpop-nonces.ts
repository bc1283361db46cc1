// RFC 9449 §9: the nonces an API issues, so a DPoP proof cannot have been made ahead of time.
import type { Clock } from '@identity-web/core/provider';
import { timingSafeEqual, toBase64Url, utf8 } from '../../crypto/encoding.js';

/** A nonce is accepted during its window and the next one: between 60 and 120 seconds. */
export const NONCE_WINDOW_MS = 60_000;

/**
 * Stateless nonces: a nonce is the HMAC-SHA-256 of a time window under a secret, accepted during
 * its window and the next (a nonce fetched as its window ends still serves). Instances that share
 * the secret accept each other's nonces; without one, each process draws its own at start, so a
 * restart (or another instance) answers `use_dpop_nonce` with a new nonce, which a DPoP client
 * retries with once (RFC 9449 §9).
 */
export class DpopNonces {
  readonly #key: Promise<CryptoKey>;
  #current: { window: number; nonce: Promise<string> } | undefined;

  constructor(
    private readonly clock: Clock,
    secret: string | undefined,
  ) {
    const material = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : utf8.encode(secret);
    this.#key = crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  /** The nonce to send in `DPoP-Nonce` now. */
  current(): Promise<string> {
    const window = Math.floor(this.clock.now() / NONCE_WINDOW_MS);
    if (this.#current?.window !== window) this.#current = { window, nonce: this.#nonceOf(window) };
    return this.#current.nonce;
  }

  /** Whether a proof's `nonce` is one issued in this window or the last. Constant time per comparison. */
  async accepts(nonce: unknown): Promise<boolean> {
    if (typeof nonce !== 'string') return false;
    const window = Math.floor(this.clock.now() / NONCE_WINDOW_MS);
    const [now, before] = await Promise.all([this.#nonceOf(window), this.#nonceOf(window - 1)]);
    // Both compared, so the time taken does not tell which window a guess hit.
    const hits = [timingSafeEqual(nonce, now), timingSafeEqual(nonce, before)];
    return hits[0]! || hits[1]!;
  }

  async #nonceOf(window: number): Promise<string> {
    const mac = await crypto.subtle.sign('HMAC', await this.#key, utf8.encode(`dpop-nonce:${window}`));
    return toBase64Url(new Uint8Array(mac));
  }
}
