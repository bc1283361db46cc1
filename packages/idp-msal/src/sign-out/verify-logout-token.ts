import {
  badRequest,
  ErrorCode,
  type IdentityWebError,
  type LogoutTokenClaims,
  validateLogoutTokenClaims,
} from '@identity-web/core/provider';
import { expectedIssuer } from '../authority.js';
import type { MsalContext } from '../context.js';
import { verifyEntraSignature } from '../sign-in/signature.js';

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
 * (OIDC Back-Channel Logout 1.0 §2.6 steps 2–3), then the core's shared claim rules (steps
 * 4–7) at the injected clock's time. Entra does not advertise back-channel logout today; this
 * is here so the port's contract holds if it does.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export async function verifyLogoutToken(ctx: MsalContext, jwt: string): Promise<LogoutTokenClaims> {
  const { settings } = ctx;
  if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > 16_384) {
    throw invalid('logout token is missing or too large');
  }
  const verified = await verifyEntraSignature(ctx, jwt, 'logout-token', (reason, cause) =>
    badRequest(ErrorCode.InvalidLogoutToken, `logout token rejected: ${reason}`, cause),
  );
  const payload = decodePayload(verified.payload);
  const issuer = expectedIssuer(settings.authority.issuer, payload.tid);
  if (issuer === null) throw invalid('logout token "tid" does not fill the issuer template');
  const claims = validateLogoutTokenClaims(verified.protectedHeader, payload, {
    issuer,
    clientId: settings.clientId,
    now: settings.clock.now(),
    clockSkewSeconds: settings.clockSkewSeconds,
  });
  // Sessions are filed under the provider's issuer (see `accountFrom`); with a `{tenantid}`
  // issuer the token's own `iss` was just pinned to its `tid`, so report the provider's.
  return { ...claims, iss: settings.authority.issuer };
}
