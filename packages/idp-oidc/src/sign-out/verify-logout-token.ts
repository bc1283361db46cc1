import {
  badRequest,
  ErrorCode,
  type IdentityWebError,
  isIdentityWebError,
  type LogoutTokenClaims,
  validateLogoutTokenClaims,
} from '@identity-web/core/provider';
import { errors, type JWTVerifyResult, jwtVerify } from 'jose';
import type { OidcContext } from '../context.js';
import { idpError } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { logoutTokenAlgorithms } from '../signatures/algorithms.js';
import { joseReason } from '../signatures/jose-reasons.js';

/** Far above any real logout token; stops a huge body from reaching base64 and JSON parsing. */
const MAX_LOGOUT_TOKEN_LENGTH = 16 * 1024;

function invalid(message: string, cause?: unknown): IdentityWebError {
  return badRequest(ErrorCode.InvalidLogoutToken, message, cause);
}

/** A JWKS that could not be fetched is the provider's failure (thrown typed), not the token's. */
function verificationFailure(error: unknown, jwksUri: string): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (error instanceof errors.JWKSInvalid) return idpError(`the JWKS endpoint ${jwksUri} answered an unusable key set`);
  const refused = joseReason(error);
  if (refused !== undefined) return invalid(`logout token rejected: ${refused.reason}`, { code: refused.code });
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
  const jwksUri = endpointUrl(as.jwks_uri, 'jwks_uri', allowInsecureRequests).href;
  const keySet = ctx.jwks.keySet(jwksUri, 'logout-token');
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
    throw verificationFailure(error, jwksUri);
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
