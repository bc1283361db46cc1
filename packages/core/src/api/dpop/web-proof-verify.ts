// RFC 9449 §4.3: a DPoP proof's JWS and times checked with jose on Web Crypto, on every runtime (the edge).
import { calculateJwkThumbprint, EmbeddedJWK, errors, type JWSHeaderParameters, jwtVerify } from 'jose';
import { toBase64Url, utf8 } from '../../crypto/encoding.js';
import { ApiRefusal } from '../domain/api-refusal.js';
import {
  checkEmbeddedKey,
  DPOP_ALGORITHMS,
  PROOF_MAX_AGE_SECONDS,
  PROOF_REASONS,
  PROOF_SKEW_SECONDS,
  PROOF_TYPE,
  type ProofVerifier,
  proofRefused,
  REQUIRED_PROOF_CLAIMS,
  type VerifiedProof,
} from './proof-rules.js';

/** base64url(SHA-256(value)) on Web Crypto: `ath` of RFC 9449 §4.2. */
export async function webSha256(value: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(value))));
}

/** Fixed words per jose error code: jose's own messages may quote the proof (an unknown `crit` name, say). */
const REASONS: Readonly<Record<string, string>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: PROOF_REASONS.algorithm,
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: PROOF_REASONS.signature,
  ERR_JWS_INVALID: PROOF_REASONS.jws,
  ERR_JWT_INVALID: PROOF_REASONS.jwt,
  ERR_JOSE_NOT_SUPPORTED: PROOF_REASONS.unsupported,
};

/**
 * Why jose refused a proof, in fixed words: a claim check names the claim (one of jose's fixed
 * names) and its reason, never a value; anything else its code's words.
 */
function joseReason(error: unknown): string {
  const claimCheck = error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired;
  if (claimCheck && /^[a-z_]{1,20}$/.test(error.claim)) {
    const reason = /^[a-z_]{1,20}$/.test(error.reason) ? error.reason : 'check_failed';
    return error.claim === 'typ' ? PROOF_REASONS.type : `failed the "${error.claim}" check (${reason})`;
  }
  const code = error instanceof errors.JOSEError ? error.code : '';
  return REASONS[code] ?? PROOF_REASONS.other;
}

/**
 * The key that verifies a proof: its `jwk` header (RFC 9449 §4.2), once {@link checkEmbeddedKey}
 * let it through. jose's `EmbeddedJWK` then refuses any key that does not import as a public one.
 */
function publicEmbeddedJwk(header: JWSHeaderParameters, token: Parameters<typeof EmbeddedJWK>[1]) {
  checkEmbeddedKey(header.jwk);
  return EmbeddedJWK(header, token);
}

/**
 * RFC 9449 §4.3 points 2–7 and 11 with jose's `jwtVerify`: a `dpop+jwt` signed with an accepted
 * algorithm by the public key in its header, its claims present and recent. The thumbprint
 * (RFC 7638) of a key whose members jose cannot hash (one Web Crypto took as a non-string, say)
 * is a refusal too, in the words of the `node:crypto` path.
 */
async function verify(proof: string, now: number): Promise<VerifiedProof> {
  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(proof, publicEmbeddedJwk, {
      typ: PROOF_TYPE,
      algorithms: [...DPOP_ALGORITHMS],
      requiredClaims: [...REQUIRED_PROOF_CLAIMS],
      maxTokenAge: PROOF_MAX_AGE_SECONDS,
      clockTolerance: PROOF_SKEW_SECONDS,
      currentDate: new Date(now),
    });
  } catch (error) {
    if (error instanceof ApiRefusal) throw error;
    throw proofRefused(joseReason(error));
  }
  const jwk = verified.protectedHeader.jwk!;
  return {
    payload: verified.payload,
    thumbprint: () =>
      calculateJwkThumbprint(jwk).catch((error: unknown) => {
        throw proofRefused(joseReason(error));
      }),
  };
}

/** The jose path: every runtime with `crypto.subtle` (workerd, browsers, Node). */
export const webProofVerifier: ProofVerifier = { runtime: 'web-crypto', verify, sha256: webSha256 };
