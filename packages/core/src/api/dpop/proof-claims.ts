// RFC 9449 §4.3 points 4 and 11: a proof's `typ`, required claims and times, checked as jose checks them, for the node:crypto path.
import type { JsonObject } from './proof-jws.js';
import {
  claimReason,
  PROOF_MAX_AGE_SECONDS,
  PROOF_REASONS,
  PROOF_SKEW_SECONDS,
  PROOF_TYPE,
  proofRefused,
  REQUIRED_PROOF_CLAIMS,
} from './proof-rules.js';

/**
 * A `typ` as jose compares it (RFC 7515 §4.1.9): case-insensitive, `application/` understood when
 * the value has no `/`.
 */
function mediaType(value: string): string {
  const lower = value.toLowerCase();
  return value.includes('/') ? lower : `application/${lower}`;
}
const PROOF_MEDIA_TYPE = mediaType(PROOF_TYPE);

// jose looks for the required claims from the last, `iat` (which the age check reads) first.
const PRESENCE_ORDER = [...new Set([...REQUIRED_PROOF_CLAIMS, 'iat'].reverse())];

/** RFC 7519 §2: a NumericDate claim, a JSON number; `undefined` when absent and not required. */
function numericDate(claims: JsonObject, claim: string, required: boolean): number | undefined {
  const value = claims[claim];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number') throw proofRefused(claimReason(claim, 'invalid'));
  return value;
}

/**
 * The header's `typ` (RFC 9449 §4.3 point 4), the claims every proof carries (§4.2), and its
 * times in whole seconds: `nbf` and `exp` when present (RFC 7519 §4.1.4–4.1.5), `iat` no older
 * than {@link PROOF_MAX_AGE_SECONDS} and not in the future (§4.3 point 11), each with
 * {@link PROOF_SKEW_SECONDS} of tolerance. Throws the refusal jose's claim checks give.
 */
export function checkProofClaims(header: JsonObject, claims: JsonObject, now: number): void {
  const { typ } = header;
  if (typeof typ !== 'string' || mediaType(typ) !== PROOF_MEDIA_TYPE) throw proofRefused(PROOF_REASONS.type);
  for (const claim of PRESENCE_ORDER) {
    if (!Object.hasOwn(claims, claim)) throw proofRefused(claimReason(claim, 'missing'));
  }
  // jose's `currentDate`: the instant as a Date holds it, in whole seconds.
  const seconds = Math.floor(new Date(now).getTime() / 1000);
  if (!Number.isFinite(seconds)) throw proofRefused(PROOF_REASONS.other);
  const iat = numericDate(claims, 'iat', true)!;
  const nbf = numericDate(claims, 'nbf', false);
  if (nbf !== undefined && nbf > seconds + PROOF_SKEW_SECONDS) throw proofRefused(claimReason('nbf', 'check_failed'));
  const exp = numericDate(claims, 'exp', false);
  if (exp !== undefined && exp <= seconds - PROOF_SKEW_SECONDS) throw proofRefused(claimReason('exp', 'check_failed'));
  const age = seconds - iat;
  if (age - PROOF_SKEW_SECONDS > PROOF_MAX_AGE_SECONDS || age < -PROOF_SKEW_SECONDS) {
    throw proofRefused(claimReason('iat', 'check_failed'));
  }
}
