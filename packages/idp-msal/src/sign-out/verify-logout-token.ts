import {
  badRequest,
  ErrorCode,
  type IdentityWebError,
  type LogoutTokenClaims,
  validateLogoutTokenClaims,
} from '@identity-web/core/provider';
import { compactVerify, createRemoteJWKSet, customFetch, errors } from 'jose';
import { expectedIssuer } from '../authority.js';
import { unavailable } from '../http/transport.js';
import type { ProviderSettings } from '../settings.js';

// Entra signs with RS256 only (`id_token_signing_alg_values_supported`); pinned, never `none`.
const ALGORITHMS = ['RS256'];
// Failures that are the token's fault; anything else (JWKS fetch, timeout) is Entra's.
const TOKEN_FAULTS = new Set([
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWT_INVALID',
]);

function invalid(message: string): IdentityWebError {
  return badRequest(ErrorCode.InvalidLogoutToken, message);
}

function decodePayload(bytes: Uint8Array): Record<string, unknown> {
  try {
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
      return payload as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw invalid('logout token payload is not a JSON object');
}

/**
 * Verifies an OIDC back-channel logout token: RS256 signature against the authority's JWKS
 * (BCL 1.0 §2.6 steps 2–3), then the core's shared claim rules (steps 4–7). Entra does not
 * advertise back-channel logout today; this is here so the port's contract holds if it does.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export function logoutTokenVerifier(settings: ProviderSettings): (jwt: string) => Promise<LogoutTokenClaims> {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  return async (jwt) => {
    if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > 16_384) {
      throw invalid('logout token is missing or too large');
    }
    jwks ??= createRemoteJWKSet(new URL(settings.authority.jwksUri), {
      timeoutDuration: settings.timeoutMs,
      [customFetch]: settings.fetch,
    });
    let verified: Awaited<ReturnType<typeof compactVerify>>;
    try {
      verified = await compactVerify(jwt, jwks, { algorithms: ALGORITHMS });
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_FAULTS.has(error.code)) {
        throw badRequest(ErrorCode.InvalidLogoutToken, 'logout token signature is not valid', error);
      }
      throw unavailable('the signing keys of Entra could not be fetched', error);
    }
    const payload = decodePayload(verified.payload);
    const issuer = expectedIssuer(settings.authority.issuer, payload.tid);
    if (issuer === null) throw invalid('logout token "tid" does not fill the issuer template');
    const claims = validateLogoutTokenClaims(verified.protectedHeader, payload, {
      issuer,
      clientId: settings.clientId,
      now: settings.now(),
      clockSkewSeconds: settings.clockSkewSeconds,
    });
    // Sessions are filed under the provider's issuer (see `accountFrom`); with a `{tenantid}`
    // issuer the token's own `iss` was just pinned to its `tid`, so report the provider's.
    return { ...claims, iss: settings.authority.issuer };
  };
}
