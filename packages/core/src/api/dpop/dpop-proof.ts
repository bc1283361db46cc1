// RFC 9449 §4.3: the checks of a DPoP proof an API receives, on Web APIs only (edge-safe).
import { calculateJwkThumbprint, EmbeddedJWK, errors, type JWSHeaderParameters, jwtVerify } from 'jose';
import { toBase64Url, utf8 } from '../../crypto/encoding.js';
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

const refused = (description: string) => ApiRefusal.of('invalid_dpop_proof', description);

/** base64url(SHA-256(value)): `ath` of RFC 9449 §4.2. */
export async function sha256(value: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(value))));
}

/**
 * RFC 9449 §4.3 points 1–9, 11 and 12 (the first half: `ath`): exactly one proof, a `dpop+jwt`
 * signed with an accepted asymmetric algorithm by the public key in its header, its claims
 * present, recent, for this method, this URL and this token. Point 10 (the nonce) and replay
 * (§11.1) are the caller's, which hold the state. Throws an `invalid_dpop_proof` refusal.
 */
export async function checkDpopProof(request: ProofRequest): Promise<CheckedProof> {
  const { proofs } = request;
  if (proofs.length === 0) throw refused('the DPoP scheme needs a DPoP proof in a DPoP header');
  if (proofs.length > 1) throw refused('exactly one DPoP header is allowed');
  const proof = proofs[0]!;
  if (proof.length > MAX_PROOF_LENGTH) throw refused('the DPoP proof is too long');
  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(proof, publicEmbeddedJwk, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_ALGORITHMS],
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      maxTokenAge: PROOF_MAX_AGE_SECONDS,
      clockTolerance: PROOF_SKEW_SECONDS,
      currentDate: new Date(request.now),
    });
  } catch (error) {
    if (error instanceof ApiRefusal) throw error;
    throw refused(`the DPoP proof ${joseReason(error)}`);
  }
  const { payload, protectedHeader } = verified;
  const { jti, htm, htu, ath, nonce, iat } = payload;
  if (typeof jti !== 'string' || jti === '') throw refused('the DPoP proof\'s "jti" must be a string');
  if (htm !== request.method) throw refused('the DPoP proof\'s "htm" is not the request method');
  const target = comparableHtu(request.url);
  if (target === undefined || typeof htu !== 'string' || comparableHtu(htu) !== target) {
    throw refused('the DPoP proof\'s "htu" is not the request URL');
  }
  if (ath !== (await sha256(request.accessToken))) {
    throw refused('the DPoP proof\'s "ath" is not the hash of the access token');
  }
  // `iat` is a number: jose checked it (a required claim, and the age check reads it).
  const acceptedUntil = proofAcceptedUntil(iat as number);
  return { jti, nonce, acceptedUntil, jkt: await calculateJwkThumbprint(protectedHeader.jwk!) };
}

/** Fixed words per jose error code: jose's own messages may quote the proof (an unknown `crit` name, say). */
const REASONS: Readonly<Record<string, string>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: 'has an "alg" that is not allowed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'has a signature that does not verify with its jwk',
  ERR_JWS_INVALID: 'is not a well-formed JWS',
  ERR_JWT_INVALID: 'is not a well-formed JWT',
  ERR_JOSE_NOT_SUPPORTED: 'uses an algorithm or a header that is not supported',
};

/**
 * Why jose refused a proof, in fixed words: a claim check names the claim (one of jose's fixed
 * names) and its reason, never a value; anything else its code's words.
 */
function joseReason(error: unknown): string {
  const claimCheck = error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired;
  if (claimCheck && /^[a-z_]{1,20}$/.test(error.claim)) {
    const reason = /^[a-z_]{1,20}$/.test(error.reason) ? error.reason : 'check_failed';
    return error.claim === 'typ'
      ? 'has a "typ" that is not "dpop+jwt"'
      : `failed the "${error.claim}" check (${reason})`;
  }
  const code = error instanceof errors.JOSEError ? error.code : '';
  return REASONS[code] ?? 'failed verification';
}

/**
 * The longest RSA modulus a proof's key may have, in base64url characters (4096 bits): a proof is
 * verified before the token is looked at, so anyone may send one, and an RSA key of any size (or
 * a huge public exponent) would let them spend the API's CPU at will.
 */
export const MAX_RSA_MODULUS_CHARACTERS = 683;

// The members of a private or symmetric JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The key that verifies a proof: its `jwk` header (RFC 9449 §4.2), refused when it holds a
 * private (or secret) member (§4.3 point 7): a client that sends its private key proves nothing.
 * jose's `EmbeddedJWK` then refuses any key that does not import as a public one.
 */
function publicEmbeddedJwk(header: JWSHeaderParameters, token: Parameters<typeof EmbeddedJWK>[1]) {
  const jwk: unknown = header.jwk;
  if (typeof jwk === 'object' && jwk !== null && PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    throw refused('the jwk of the DPoP proof holds a private key');
  }
  const { kty, n, e } = (jwk ?? {}) as { kty?: unknown; n?: unknown; e?: unknown };
  if (kty === 'RSA' && (typeof n !== 'string' || n.length > MAX_RSA_MODULUS_CHARACTERS || e !== 'AQAB')) {
    throw refused('the jwk of the DPoP proof is an RSA key over 4096 bits or with an exponent other than 65537');
  }
  return EmbeddedJWK(header, token);
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
