import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The state the API keeps for DPoP (RFC 9449): the proofs it accepted, and the nonces it issues.

// RFC 9449 §4.3 point 11 and §11.1: a proof is accepted for a minute after its `iat`, give or
// take the clock difference between client and API.
export const PROOF_MAX_AGE_S = 60;
export const CLOCK_SKEW_S = 5;

// A nonce is valid during its window and the next one: between 60 and 120 seconds.
const NONCE_WINDOW_MS = 60_000;

/** base64url(SHA-256(value)): `ath` of RFC 9449 §4.2, and the key of a remembered proof. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * RFC 9449 §11.1: the proofs accepted while they could still pass the `iat` check, so that each is
 * accepted once. Kept per key thumbprint, each `jti` by its hash (fixed in size whatever it is).
 *
 * Bounded twice. Each key may have a tenth of the memory: past that its expired entries are
 * dropped, and if it is still over, its proof is refused (429), so one holder of a valid token
 * minting fresh `jti`s cannot fill the memory for everyone. When the whole memory is full, every
 * expired entry is dropped, and if it is still full the proof is refused (503) rather than an
 * entry evicted: evicting one that has not expired would make its proof replayable again, the one
 * thing this memory exists to prevent. Only proofs that passed every other check are remembered.
 */
export class ProofMemory {
  /** key thumbprint → hash of `jti` → until when (epoch seconds) the proof could pass the `iat` check */
  readonly #byKey = new Map<string, Map<string, number>>();
  #size = 0;

  constructor(private readonly capacity: number) {}

  remember(proof: { jti: string; jkt: string; iat: number }, now: number): 'new' | 'replayed' | 'busy' | 'full' {
    const jti = sha256(proof.jti);
    let proofs = this.#byKey.get(proof.jkt);
    const until = proofs?.get(jti);
    if (until !== undefined && until >= now) return 'replayed';
    const share = Math.max(1, Math.floor(this.capacity / 10));
    if (proofs !== undefined && proofs.size >= share) this.forgetExpired(proof.jkt, proofs, now);
    if (proofs !== undefined && proofs.size >= share) return 'busy';
    if (this.#size >= this.capacity) for (const [jkt, kept] of this.#byKey) this.forgetExpired(jkt, kept, now);
    if (this.#size >= this.capacity) return 'full';
    if (proofs === undefined) {
      proofs = new Map();
      this.#byKey.set(proof.jkt, proofs);
    }
    if (!proofs.has(jti)) this.#size++;
    proofs.set(jti, proof.iat + PROOF_MAX_AGE_S + CLOCK_SKEW_S);
    return 'new';
  }

  /** Drops a key's expired entries (`iat` comes from clients: entries do not expire in order). */
  private forgetExpired(jkt: string, proofs: Map<string, number>, now: number): void {
    for (const [jti, until] of proofs) {
      if (until < now) {
        proofs.delete(jti);
        this.#size--;
      }
    }
    if (proofs.size === 0) this.#byKey.delete(jkt);
  }
}

/**
 * RFC 9449 §9: the nonces the API issues, so that a proof cannot have been made ahead of time.
 * Stateless: a nonce is the HMAC of a time window under a secret drawn at start, accepted during
 * its window and the next one (a nonce fetched as its window ends still serves). A restart
 * invalidates every nonce; clients then get `use_dpop_nonce` and the new one.
 */
export class NonceIssuer {
  readonly #secret = randomBytes(32);

  current(): string {
    return this.nonceOf(windowOf(Date.now()));
  }

  accepts(nonce: unknown): boolean {
    if (typeof nonce !== 'string') return false;
    const window = windowOf(Date.now());
    return [window, window - 1].some((w) => sameString(nonce, this.nonceOf(w)));
  }

  private nonceOf(window: number): string {
    return createHmac('sha256', this.#secret).update(String(window)).digest('base64url');
  }
}

function windowOf(epochMs: number): number {
  return Math.floor(epochMs / NONCE_WINDOW_MS);
}

/** Constant-time comparison, so that timing does not tell how much of a guessed nonce is right. */
function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
