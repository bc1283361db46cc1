import {
  badRequest,
  ErrorCode,
  type IdentityWebError,
  isIdentityWebError,
  type LogoutTokenClaims,
  validateLogoutTokenClaims,
} from '@identity-web/core/provider';
import { errors, type JWTVerifyResult, jwtVerify } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { ASYMMETRIC_ALGORITHMS, FAPI2_ALGORITHMS } from '../settings.js';

/** Far above any real logout token; stops a huge body from reaching base64 and JSON parsing. */
const MAX_LOGOUT_TOKEN_LENGTH = 16 * 1024;

function invalid(message: string, cause?: unknown): IdentityWebError {
  return badRequest(ErrorCode.InvalidLogoutToken, message, cause);
}

/**
 * OIDC Back-Channel Logout 1.0 §2.6 step 3: the algorithms of ID tokens, pinned. Only
 * asymmetric ones, so neither `none` nor an HMAC keyed with the provider's public key
 * (algorithm confusion) can pass.
 */
export function logoutTokenAlgorithms(ctx: OidcContext, as: oauth.AuthorizationServer): string[] {
  const configured = ctx.settings.logoutToken.algorithms;
  if (configured !== undefined) return [...configured];
  const advertised = (as.id_token_signing_alg_values_supported ?? []).filter((alg) => ASYMMETRIC_ALGORITHMS.has(alg));
  if (!ctx.settings.fapi2) return advertised.length > 0 ? advertised : ['RS256'];
  // FAPI 2.0 allows PS256, ES256 and EdDSA only, whatever else the provider signs with.
  const allowed = advertised.filter((alg) => FAPI2_ALGORITHMS.has(alg));
  return allowed.length > 0 ? allowed : [...FAPI2_ALGORITHMS];
}

/** A JWKS that could not be fetched is the provider's failure (thrown typed), not the token's. */
const JOSE_REASONS: Readonly<Record<string, string>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the signature is not valid',
  ERR_JWKS_NO_MATCHING_KEY: "no key of the provider's JWKS matches its header",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: "several keys of the provider's JWKS match its header",
  ERR_JOSE_ALG_NOT_ALLOWED: 'its "alg" is not one of the allowed algorithms',
  ERR_JOSE_NOT_SUPPORTED: 'it uses an algorithm or a header this client does not support',
  ERR_JWS_INVALID: 'it is not a well-formed JWS',
  ERR_JWT_INVALID: 'it is not a well-formed JWT',
  ERR_JWT_EXPIRED: 'its "exp" has passed',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'a claim failed validation',
};

function verificationFailure(error: unknown): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (error instanceof errors.JWKSInvalid) return idpError('the JWKS endpoint answered an unusable key set');
  // Fixed words per jose error code: jose's own messages may quote the token (an unknown
  // `crit` header name, say), and a token is whatever anyone on the network posted.
  if (error instanceof errors.JOSEError) {
    const code = /^ERR_[A-Z_]{1,60}$/.test(error.code) ? error.code : 'ERR_JOSE_GENERIC';
    // A claim check names the claim (one of jose's own fixed names), never its value.
    if (error instanceof errors.JWTClaimValidationFailed && /^[a-z_]{1,20}$/.test(error.claim)) {
      return invalid(`logout token rejected: its "${error.claim}" claim failed validation`, { code });
    }
    return invalid(`logout token rejected: ${JOSE_REASONS[code] ?? `it failed verification (${code})`}`, { code });
  }
  return invalid('logout token rejected: not a valid signed JWT');
}

/**
 * OIDC Back-Channel Logout 1.0 §2.6: signature against the issuer's JWKS with pinned algorithms
 * (steps 2–3), then the claim rules shared by every IdP package (steps 4–7, in the core), all
 * at the injected clock's time. An encrypted (5-part) token is refused: no ID token encryption
 * is ever negotiated by this client. `jti` replay (step 8) is the core's job, it owns the
 * replay cache.
 */
export async function verifyLogoutToken(ctx: OidcContext, jwt: string): Promise<LogoutTokenClaims> {
  if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > MAX_LOGOUT_TOKEN_LENGTH) {
    throw invalid('logout token is missing or too long');
  }
  const as = await ctx.discovery.get();
  const { allowInsecureRequests } = ctx.settings;
  const keySet = ctx.jwks.keySet(endpointUrl(as.jwks_uri, 'jwks_uri', allowInsecureRequests).href);
  const { clockSkewSeconds, clientId, logoutToken, clock } = ctx.settings;
  const now = clock.now();
  let verified: JWTVerifyResult;
  try {
    verified = await jwtVerify(jwt, keySet, {
      algorithms: logoutTokenAlgorithms(ctx, as),
      clockTolerance: clockSkewSeconds,
      currentDate: new Date(now),
    });
  } catch (error) {
    throw verificationFailure(error);
  }
  return validateLogoutTokenClaims(verified.protectedHeader, verified.payload, {
    issuer: as.issuer,
    clientId,
    now,
    clockSkewSeconds,
    maxTokenAgeSeconds: logoutToken.maxAgeSeconds,
    allowMissingExp: logoutToken.allowMissingExp,
  });
}
