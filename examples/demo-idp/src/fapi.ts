// FAPI 2.0 mode of the demo IdP (`fapi: true`): what it adds to oidc-provider's configuration,
// and to each client's registration.
import { randomBytes } from 'node:crypto';
import type { DemoClientPrivateJwk } from './client-key.js';

/**
 * FAPI 2.0 Security Profile (oidc-provider's `features.fapi`, profile `2.0`, which adds: PKCE and
 * `redirect_uri` required, client assertions whose `aud` is the issuer identifier), with what it
 * leaves to the configuration: pushed authorization requests required (RFC 9126), and DPoP
 * (RFC 9449) with a server nonce required wherever a proof is checked, so every client's first
 * proof at the token endpoint gets `use_dpop_nonce` and must retry with the nonce.
 * `authorization_response_iss_parameter_supported` (RFC 9207) is always on in oidc-provider v9.
 */
export function fapiFeatures() {
  return {
    fapi: { enabled: true, profile: '2.0' },
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
    dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
  };
}

/**
 * A FAPI 2.0 client's registration beyond the common part: its public key for `private_key_jwt`
 * (ES256), DPoP-bound access tokens only (a token request without a proof is refused), pushed
 * authorization requests only, and ID tokens — hence logout tokens, which oidc-provider signs
 * with the same algorithm — signed ES256, one of FAPI 2.0's algorithms (§5.4).
 */
export function fapiMetadata({ d: _private, ...publicJwk }: DemoClientPrivateJwk) {
  return {
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [publicJwk] },
    dpop_bound_access_tokens: true,
    require_pushed_authorization_requests: true,
    id_token_signed_response_alg: 'ES256',
  };
}
