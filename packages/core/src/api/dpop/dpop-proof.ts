// RFC 9449 §4.3: the checks of a DPoP proof an API receives, on node:crypto where the runtime has it, else on jose and Web Crypto (edge-safe).
import { nodeProofVerifier } from './node-proof-verify.js';
import { PROOF_MAX_AGE_SECONDS, PROOF_SKEW_SECONDS, type ProofVerifier, refused } from './proof-rules.js';
import { webProofVerifier } from './web-proof-verify.js';

export {
  DPOP_ALGORITHMS,
  MAX_RSA_MODULUS_CHARACTERS,
  PROOF_MAX_AGE_SECONDS,
  PROOF_SKEW_SECONDS,
} from './proof-rules.js';

/**
 * The first instant (epoch ms) at which a proof of this `iat` fails the age check: the check
 * compares whole seconds (`floor(now / 1000) - iat <= max age + skew`), so a proof passes until
 * the end of its last second. Replay memory kept until then outlives every instant the proof
 * could be accepted at, whatever its `iat` (one up to the skew ahead of the API's clock too).
 */
export function proofAcceptedUntil(iat: number): number {
  return (iat + PROOF_MAX_AGE_SECONDS + PROOF_SKEW_SECONDS + 1) * 1000;
}

/** The longest proof read, in characters: far above a real one (a key and five claims). */
export const MAX_PROOF_LENGTH = 8 * 1024;

/** What a checked proof tells replay detection and the key binding. */
export interface CheckedProof {
  /** The proof's unique id. */
  readonly jti: string;
  /** The thumbprint (RFC 7638) of the key that signed it. */
  readonly jkt: string;
  /** The proof's `nonce`, checked by the caller against the nonces it issued. */
  readonly nonce: unknown;
  /** Until when (epoch ms, exclusive) the proof passes these checks: {@link proofAcceptedUntil}. */
  readonly acceptedUntil: number;
}

/** What a proof is checked against: the request it came with. */
export interface ProofRequest {
  /** Each `DPoP` header of the request. */
  readonly proofs: readonly string[];
  /** The request method, as sent. */
  readonly method: string;
  /** The request's absolute URL as the API knows its own address (never from `Host`). */
  readonly url: string;
  /** The access token the proof must be made for. */
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * base64url(SHA-256(value)): `ath` of RFC 9449 §4.2, and the digests an API files proofs and
 * opaque tokens under; `node:crypto`'s where the runtime has it (a Web Crypto digest costs an
 * `await` and about 60 µs on Node), Web Crypto's elsewhere.
 */
export function sha256(value: string): string | Promise<string> {
  return verifierOfRuntime().sha256(value);
}

/**
 * RFC 9449 §4.3 points 1–9, 11 and 12 (the first half: `ath`): exactly one proof, a `dpop+jwt`
 * signed with an accepted asymmetric algorithm by the public key in its header, its claims
 * present, recent, for this method, this URL and this token. Point 10 (the nonce) and replay
 * (§11.1) are the caller's, which hold the state. Throws an `invalid_dpop_proof` refusal.
 *
 * On Node the JWS is checked with `node:crypto` (about a third of jose's cost on Web Crypto, which
 * checks it everywhere else); both give the same verdicts in the same words (the differential
 * test, `test/api/dpop-proof-paths.test.ts`).
 */
export function checkDpopProof(request: ProofRequest): Promise<CheckedProof> {
  return checkDpopProofWith(request, verifierOfRuntime());
}

/** The runtime's verifier, picked at the first use. */
let runtimeVerifier: ProofVerifier | undefined;

function verifierOfRuntime(): ProofVerifier {
  runtimeVerifier ??= nodeProofVerifier() ?? webProofVerifier;
  return runtimeVerifier;
}

/** {@link checkDpopProof} with the JWS checked by the verifier given: the seam its tests run both paths through. */
export async function checkDpopProofWith(request: ProofRequest, verifier: ProofVerifier): Promise<CheckedProof> {
  const { proofs } = request;
  if (proofs.length === 0) throw refused('the DPoP scheme needs a DPoP proof in a DPoP header');
  if (proofs.length > 1) throw refused('exactly one DPoP header is allowed');
  const proof = proofs[0]!;
  if (proof.length > MAX_PROOF_LENGTH) throw refused('the DPoP proof is too long');
  const verified = await verifier.verify(proof, request.now);
  const { jti, htm, htu, ath, nonce, iat } = verified.payload;
  if (typeof jti !== 'string' || jti === '') throw refused('the DPoP proof\'s "jti" must be a string');
  if (htm !== request.method) throw refused('the DPoP proof\'s "htm" is not the request method');
  const target = comparableHtu(request.url);
  if (target === undefined || typeof htu !== 'string' || comparableHtu(htu) !== target) {
    throw refused('the DPoP proof\'s "htu" is not the request URL');
  }
  if (ath !== (await verifier.sha256(request.accessToken))) {
    throw refused('the DPoP proof\'s "ath" is not the hash of the access token');
  }
  // `iat` is a number: the verifier checked it (a required claim, and the age check reads it).
  const acceptedUntil = proofAcceptedUntil(iat as number);
  return { jti, nonce, acceptedUntil, jkt: await verified.thumbprint() };
}

/**
 * RFC 9449 §4.3 point 9: the URL without query and fragment, normalised as RFC 3986 §6.2.2 and
 * §6.2.3 say, so equal URLs spelled differently compare equal. WHATWG URL parsing lower-cases
 * scheme and host, drops a default port, gives an empty path as `/` and removes dot segments;
 * percent-encodings are made upper case, and decoded for unreserved characters. Anything but an
 * absolute http(s) URL compares equal to nothing.
 */
export function comparableHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  const path = url.pathname.replace(/%[0-9a-f]{2}/gi, (encoded) => {
    const char = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
    return /^[A-Za-z0-9\-._~]$/.test(char) ? char : encoded.toUpperCase();
  });
  return `${url.origin}${path}`;
}
