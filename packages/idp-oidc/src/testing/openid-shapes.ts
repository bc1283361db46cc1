import { BACKCHANNEL_LOGOUT_EVENT } from '@identity-web/core/provider';
import { base64url, type JWTPayload } from 'jose';

// The fixed identity of the fake provider and the shapes of its answers. Every value is made up.

/**
 * The fake provider's issuer.
 *
 * @group Test doubles
 */
export const ISSUER = 'https://idp.example.com';
/**
 * The relying party's client id at the fake.
 *
 * @group Test doubles
 */
export const CLIENT_ID = 'rp-client';
/**
 * The relying party's client secret at the fake.
 *
 * @group Test doubles
 */
export const CLIENT_SECRET = 'rp-secret-value';
/**
 * The relying party's redirect URI.
 *
 * @group Test doubles
 */
export const REDIRECT_URI = 'https://rp.example.com/auth/callback';
/**
 * The relying party's post-logout redirect URI.
 *
 * @group Test doubles
 */
export const POST_LOGOUT_REDIRECT_URI = 'https://rp.example.com/auth/signed-out';

/**
 * The discovery document (OIDC Discovery 1.0 §3) of the fake, with `iss` parameter support (RFC 9207).
 *
 * @group Test doubles
 */
export function discoveryDocument(issuer = ISSUER): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    revocation_endpoint: `${issuer}/revoke`,
    id_token_signing_alg_values_supported: ['RS256'],
    authorization_response_iss_parameter_supported: true,
    response_modes_supported: ['query', 'form_post'],
  };
}

/** Removes the keys whose value is `undefined`, so overrides can delete claims. */
export function withoutUndefined(value: Record<string, unknown>): JWTPayload {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * The claims of a valid logout token (OIDC Back-Channel Logout 1.0 §2.4) issued at `nowMs`,
 * with `overrides` applied; an override of `undefined` removes the claim.
 *
 * @group Test doubles
 */
export function logoutClaims(nowMs: number, overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return withoutUndefined({
    iss: ISSUER,
    aud: CLIENT_ID,
    iat: now,
    exp: now + 120,
    jti: crypto.randomUUID(),
    sub: 'user-1',
    sid: 'sid-1',
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...overrides,
  });
}

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

/** Whether a token request carries the fake's client credentials, in Basic or in the body. */
export function hasClientCredentials(request: Request, body: URLSearchParams): boolean {
  // RFC 6749 §2.3.1: Basic credentials are form-url-encoded before base64.
  const header = request.headers.get('authorization') ?? '';
  if (header.startsWith('Basic ')) {
    const [id = '', secret = ''] = atob(header.slice(6))
      .split(':')
      .map((v) => decodeURIComponent(v.replace(/\+/g, ' ')));
    return id === CLIENT_ID && secret === CLIENT_SECRET;
  }
  return body.get('client_id') === CLIENT_ID && body.get('client_secret') === CLIENT_SECRET;
}
