// OIDC Back-Channel Logout 1.0 §2.6 for @identity-web/msal: the core's verifier, given Entra's
// RS256 signature check against the authority's JWKS and the `{tenantid}` issuer template.
import { type LogoutTokenClaims, verifyLogoutToken as verifyWithCore } from '@identity-web/core/provider';
import { expectedIssuer } from '../authority.js';
import type { MsalContext } from '../context.js';
import { verifyEntraSignature } from '../sign-in/signature.js';

/**
 * Verifies a back-channel logout token with the core's verifier (length, payload, the claim
 * rules at the injected clock's time, `logoutToken` options) and Entra's RS256 signature (steps
 * 2–3). Entra does not advertise back-channel logout today; this is here so the port's contract
 * holds if it does.
 *
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export async function verifyLogoutToken(ctx: MsalContext, jwt: string): Promise<LogoutTokenClaims> {
  const { settings } = ctx;
  const claims = await verifyWithCore(jwt, {
    verifySignature: (token, refuse) => verifyEntraSignature(ctx, token, 'logout-token', refuse),
    // A `{tenantid}` issuer is filled with the token's own `tid` (see `expectedIssuer`).
    issuer: (payload) =>
      expectedIssuer(settings.authority.issuer, payload.tid, settings.authority.tenants) ?? undefined,
    clientId: settings.clientId,
    now: () => settings.clock.now(),
    clockSkewSeconds: settings.clockSkewSeconds,
    maxAgeSeconds: settings.logoutToken.maxAgeSeconds,
    allowMissingExp: settings.logoutToken.allowMissingExp,
  });
  // Sessions are filed under the provider's issuer (see `accountFrom`); with a `{tenantid}`
  // issuer the token's own `iss` was just pinned to its `tid`, so report the provider's.
  return { ...claims, iss: settings.authority.issuer };
}
