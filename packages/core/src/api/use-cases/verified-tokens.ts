// The memory of access tokens an API verified: a token that comes back is not verified again.
import type { Clock } from '@identity-web/core/provider';
import { type ClockedLru, clockedLru } from '../../cache/lru.js';
import { type AccessTokenClaims, frozenClaims } from '../domain/access-token-claims.js';

/**
 * How long a token that held is not verified again when it comes back, in ms: a client sends one
 * token many times, and the signature is most of a request's cost. Short, so a key the provider
 * withdraws stops vouching for its tokens at most this long after the provider's key set is read
 * again (the key set lives `discoveryTtlSeconds`, or until an unknown `kid` comes); its times
 * (`exp`, `iat`, `nbf`) are checked on every request all the same.
 */
export const VERIFIED_TTL_MS = 5 * 60_000;
/** The most verified tokens remembered, and the most characters they may hold together. */
export const VERIFIED_MAX_TOKENS = 10_000;
export const VERIFIED_MAX_CHARACTERS = 8 * 1024 * 1024;

/**
 * The characters of a token it is filed under: the end of its signature. Looking a whole token
 * up would hash its thousand or so characters on every request; its signature's last 43 (258 bits
 * of a signature) set it apart as well, and the whole token is compared once found.
 */
const KEY_CHARACTERS = 43;

interface Verified {
  readonly token: string;
  readonly claims: AccessTokenClaims;
}

/** Verified tokens and their claims, bounded by count, size and {@link VERIFIED_TTL_MS}. */
export class VerifiedTokens {
  readonly #memory: ClockedLru<string, Verified>;

  constructor(clock: Clock) {
    this.#memory = clockedLru(clock, {
      max: VERIFIED_MAX_TOKENS,
      maxSize: VERIFIED_MAX_CHARACTERS,
      sizeCalculation: (verified) => verified.token.length,
      ttl: VERIFIED_TTL_MS,
    });
  }

  /** The claims `token` had when it was verified, or `undefined` when it was not (or is forgotten). */
  get(token: string): AccessTokenClaims | undefined {
    const verified = this.#memory.get(token.slice(-KEY_CHARACTERS));
    return verified?.token === token ? verified.claims : undefined;
  }

  /**
   * Remembers a token whose signature and claims held (another token of the same key end goes),
   * its claims frozen: every request of the token is given them.
   */
  set(token: string, claims: AccessTokenClaims): void {
    this.#memory.set(token.slice(-KEY_CHARACTERS), { token, claims: frozenClaims(claims) });
  }
}
