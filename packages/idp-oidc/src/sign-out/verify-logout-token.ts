// OIDC Back-Channel Logout 1.0 §2.6 for @identity-web/oidc: the core's verifier, given this
// package's signature check against the issuer's JWKS with the pinned logout-token algorithms.
import {
  type LogoutTokenClaims,
  type RefuseLogoutToken,
  type VerifiedJws,
  verifyLogoutToken as verifyWithCore,
} from '@identity-web/core/provider';
import { compactVerify } from 'jose';
import type { OidcContext } from '../context.js';
import { endpointUrl } from '../http/secure-url.js';
import { logoutTokenAlgorithms } from '../signatures/algorithms.js';
import { signatureFailure } from '../signatures/jose-reasons.js';

/**
 * Steps 2–3: the signature against the issuer's JWKS (the logout-token channel of the cache),
 * with the pinned asymmetric algorithms only. An encrypted (5-part) token is refused as no JWS:
 * no ID token encryption is ever negotiated by this client.
 */
async function verifySignature(ctx: OidcContext, jwt: string, refuse: RefuseLogoutToken): Promise<VerifiedJws> {
  const as = await ctx.discovery.get();
  const jwksUri = endpointUrl(as.jwks_uri, 'jwks_uri', ctx.settings.allowInsecureRequests).href;
  try {
    return await compactVerify(jwt, ctx.jwks.keySet(jwksUri, 'logout-token'), {
      algorithms: logoutTokenAlgorithms(ctx, as),
    });
  } catch (error) {
    throw signatureFailure(error, jwksUri, refuse);
  }
}

/**
 * Verifies a back-channel logout token with the core's verifier (length, payload, the claim
 * rules at the injected clock's time) and this package's signature check. The discovery
 * document names the configured issuer exactly (discovery refuses any other), so `iss` is held
 * to `issuer`. `jti` replay (step 8) is the core's job, it owns the replay cache.
 */
export function verifyLogoutToken(ctx: OidcContext, jwt: string): Promise<LogoutTokenClaims> {
  const { issuer, clientId, clock, clockSkewSeconds, logoutToken } = ctx.settings;
  return verifyWithCore(jwt, {
    verifySignature: (token, refuse) => verifySignature(ctx, token, refuse),
    issuer,
    clientId,
    now: () => clock.now(),
    clockSkewSeconds,
    maxAgeSeconds: logoutToken.maxAgeSeconds,
    allowMissingExp: logoutToken.allowMissingExp,
  });
}
