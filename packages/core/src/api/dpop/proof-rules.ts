// RFC 9449 §4.3: what a DPoP proof is held to on every runtime, and the fixed words of its refusals.
import { ApiRefusal } from '../domain/api-refusal.js';

/**
 * RFC 9449 §4.3 point 5: the proof algorithms accepted, all asymmetric (a proof shows possession
 * of a private key; `none` or a shared secret shows nothing). Advertised in the `algs` of a
 * `DPoP` challenge (§7.1).
 */
export const DPOP_ALGORITHMS: readonly string[] = ['ES256', 'PS256', 'EdDSA', 'RS256'];

/** RFC 9449 §4.3 point 11 and §11.1: a proof is accepted for this long after its `iat`, in seconds. */
export const PROOF_MAX_AGE_SECONDS = 60;

/** The clock difference allowed between a client's proof and the API, in seconds. */
export const PROOF_SKEW_SECONDS = 5;

/** RFC 9449 §4.2: the `typ` of a proof's header. */
export const PROOF_TYPE = 'dpop+jwt';

/** RFC 9449 §4.2: the claims every proof carries (`ath` is checked apart, against the token). */
export const REQUIRED_PROOF_CLAIMS: readonly string[] = ['jti', 'htm', 'htu', 'iat'];

/**
 * The longest RSA modulus a proof's key may have, in base64url characters (4096 bits): a proof is
 * verified before the token is looked at, so anyone may send one, and an RSA key of any size (or
 * a huge public exponent) would let them spend the API's CPU at will.
 */
export const MAX_RSA_MODULUS_CHARACTERS = 683;

/**
 * Why a proof's JWS failed, in fixed words that never quote the proof: one for each jose error
 * code the jose path maps (`web-proof-verify.ts`), which the `node:crypto` path says in the same
 * cases, in the same order of checks.
 */
export const PROOF_REASONS = {
  /** ERR_JOSE_ALG_NOT_ALLOWED: an `alg` outside {@link DPOP_ALGORITHMS}. */
  algorithm: 'has an "alg" that is not allowed',
  /** ERR_JWS_SIGNATURE_VERIFICATION_FAILED. */
  signature: 'has a signature that does not verify with its jwk',
  /** ERR_JWS_INVALID: the compact serialization, the header or the `jwk`'s shape. */
  jws: 'is not a well-formed JWS',
  /** ERR_JWT_INVALID: the payload is no JSON object, or is not base64url-encoded (RFC 7797). */
  jwt: 'is not a well-formed JWT',
  /** ERR_JOSE_NOT_SUPPORTED: an unknown `crit` extension, a key type the `alg` does not take. */
  unsupported: 'uses an algorithm or a header that is not supported',
  /** The `typ` claim check. */
  type: `has a "typ" that is not "${PROOF_TYPE}"`,
  /** Anything else: a key that does not import, a key too short for its algorithm. */
  other: 'failed verification',
} as const;

/** A claim check's words: the claim (a fixed name) and why, never its value. */
export const claimReason = (claim: string, reason: 'missing' | 'invalid' | 'check_failed') =>
  `failed the "${claim}" check (${reason})`;

/** An `invalid_dpop_proof` refusal (RFC 9449 §7.1). */
export const refused = (description: string) => ApiRefusal.of('invalid_dpop_proof', description);

/** An `invalid_dpop_proof` refusal of the proof itself, for a reason from {@link PROOF_REASONS} or a claim. */
export const proofRefused = (reason: string) => refused(`the DPoP proof ${reason}`);

// The members of a private or symmetric JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The first look at a proof's `jwk` header (RFC 9449 §4.2), before anything imports it: refused
 * when it holds a private (or secret) member (§4.3 point 7), since a client that sends its private
 * key proves nothing, and when it is an RSA key over 4096 bits or with an exponent other than
 * 65537 ({@link MAX_RSA_MODULUS_CHARACTERS}).
 */
export function checkEmbeddedKey(jwk: unknown): void {
  if (typeof jwk === 'object' && jwk !== null && PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    throw refused('the jwk of the DPoP proof holds a private key');
  }
  const { kty, n, e } = (jwk ?? {}) as { kty?: unknown; n?: unknown; e?: unknown };
  if (kty === 'RSA' && (typeof n !== 'string' || n.length > MAX_RSA_MODULUS_CHARACTERS || e !== 'AQAB')) {
    throw refused('the jwk of the DPoP proof is an RSA key over 4096 bits or with an exponent other than 65537');
  }
}

/** A proof whose signature, header and time claims held: what the request's own checks read. */
export interface VerifiedProof {
  /** The proof's claims: a JSON object holding `jti`, `htm`, `htu` and a numeric `iat`. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The RFC 7638 thumbprint of the proof's key; an `invalid_dpop_proof` refusal when it has none. */
  thumbprint(): string | Promise<string>;
}

/** Checks a proof's JWS and its times on one runtime's crypto: `node:crypto`, or jose on Web Crypto. */
export interface ProofVerifier {
  /** Which crypto checks the proof. */
  readonly runtime: 'node:crypto' | 'web-crypto';
  /** RFC 9449 §4.3 points 2–7 and 11; throws an `invalid_dpop_proof` refusal. `now` in epoch ms. */
  verify(proof: string, now: number): VerifiedProof | Promise<VerifiedProof>;
  /** base64url(SHA-256(value)) of the value's UTF-8 bytes: `ath` of RFC 9449 §4.2. */
  sha256(value: string): string | Promise<string>;
}
