// OIDC Back-Channel Logout 1.0 §2.6 as every IdP package runs it: the length limit, the payload,
// the claim rules and the refusals are here, once; the package supplies only its signature check.
import { badRequest, ErrorCode, type IdentityWebError } from './errors.js';
import { type LogoutTokenClaims, validateLogoutTokenClaims } from './logout-token.js';
import { resolveClockSkewSeconds, resolveLogoutTokenOptions } from './logout-token-options.js';

/**
 * The longest logout token accepted, in characters: far above any real one (a few hundred bytes
 * of claims), and low enough that a huge body never reaches base64, JSON parsing or a key fetch.
 */
export const MAX_LOGOUT_TOKEN_LENGTH = 16 * 1024;

/**
 * Makes the refusal of a token whose signature does not hold; `reason` is in fixed words.
 *
 * @group Back-channel logout
 */
export type RefuseLogoutToken = (reason: string, cause?: unknown) => IdentityWebError;

/**
 * What an IdP package's signature check returns, for a logout token as for an access token: the
 * JWS's protected header and payload bytes, once its signature held.
 *
 * @group Back-channel logout
 */
export interface VerifiedJws {
  /** The JWS protected header. */
  readonly protectedHeader: Readonly<Record<string, unknown>>;
  /** The payload, base64url-decoded: the JWT claims set as UTF-8 JSON. */
  readonly payload: Uint8Array;
}

/**
 * What {@link verifyLogoutToken} checks a logout token against.
 *
 * @group Back-channel logout
 */
export interface LogoutTokenVerification {
  /**
   * OIDC Back-Channel Logout 1.0 §2.6 steps 2–3: verifies the JWS signature against the
   * provider's keys with the package's pinned asymmetric algorithms (never `none`, never an HMAC).
   * A fault of the token is thrown as `refuse(reason)`, the reason in fixed words that never
   * quote the token; a fault of the provider (its key set unreachable) as an
   * `IdentityWebError` of its own, so the token is not blamed.
   */
  readonly verifySignature: (jwt: string, refuse: RefuseLogoutToken) => Promise<VerifiedJws>;
  /**
   * The issuer `iss` must equal; or, for issuers that depend on the token (Entra's `{tenantid}`
   * template), the one its payload must name, `undefined` when it names none that fits.
   */
  readonly issuer: string | ((payload: Readonly<Record<string, unknown>>) => string | undefined);
  /** This app's client id, which `aud` must contain. */
  readonly clientId: string;
  /** Epoch milliseconds, read once the signature is verified. */
  readonly now: () => number;
  /** Allowed clock skew in seconds (default 60, at most 600). */
  readonly clockSkewSeconds?: number;
  /** Oldest acceptable `iat`, in seconds (default 300, at most 86400): with the skew, inside the two days a `jti` is remembered. */
  readonly maxAgeSeconds?: number;
  /** Accept a token without `exp` (default `true`); see `LogoutTokenRules.allowMissingExp`. */
  readonly allowMissingExp?: boolean;
}

function invalid(message: string): IdentityWebError {
  return badRequest(ErrorCode.InvalidLogoutToken, message);
}

const refuse: RefuseLogoutToken = (reason, cause) =>
  badRequest(ErrorCode.InvalidLogoutToken, `logout token rejected: ${reason}`, cause);

/**
 * RFC 7519 §7.2 steps 9–10: a JWT's payload is the base64url encoding of a JSON object, so an
 * unencoded payload (RFC 7797 `"b64": false`) is no JWT, and neither is a payload that is not an
 * object. `null` for either.
 */
export function jwtClaimsSet(signed: VerifiedJws): Record<string, unknown> | null {
  if (signed.protectedHeader.b64 === false) return null;
  try {
    const payload: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(signed.payload));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Verifies a back-channel logout token (OIDC Back-Channel Logout 1.0 §2.6): its length, the
 * signature by the IdP package's `verifySignature` (steps 2–3), its payload, then the claim
 * rules of `validateLogoutTokenClaims` (steps 4–7) at the time `now` gives once the
 * signature holds. Every refusal is `invalid_logout_token` (400). Replay of `jti` (step 8) is
 * the core's, which owns the replay cache.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 *
 * @group Back-channel logout
 */
export async function verifyLogoutToken(
  jwt: unknown,
  verification: LogoutTokenVerification,
): Promise<LogoutTokenClaims> {
  // The bounds the IdP packages' options have, held here too: a window longer than a day plus
  // ten minutes would outlive the two days a `jti` is remembered, and let a replay in.
  const clockSkewSeconds = resolveClockSkewSeconds(verification.clockSkewSeconds);
  const { maxAgeSeconds } = resolveLogoutTokenOptions({ maxAgeSeconds: verification.maxAgeSeconds });
  if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > MAX_LOGOUT_TOKEN_LENGTH) {
    throw invalid('logout token is missing or too long');
  }
  const signed = await verification.verifySignature(jwt, refuse);
  const payload = jwtClaimsSet(signed);
  if (payload === null) throw invalid('logout token payload is not a JSON object');
  const { issuer, clientId, now, allowMissingExp } = verification;
  const expected = typeof issuer === 'string' ? issuer : issuer(payload);
  if (expected === undefined) throw invalid('logout token "iss" does not match the issuer');
  return validateLogoutTokenClaims(signed.protectedHeader, payload, {
    issuer: expected,
    clientId,
    now: now(),
    clockSkewSeconds,
    maxTokenAgeSeconds: maxAgeSeconds,
    allowMissingExp,
  });
}
