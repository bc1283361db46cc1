import { BACKCHANNEL_LOGOUT_EVENT } from '@identity-web/core/provider';
import { base64url, type JWTPayload } from 'jose';

// The fixed identity of the fake provider and the shapes of its answers. Every value is made up.
// The entry exports FAKE_OPENID; the rest serves the fake and this package's tests.

/**
 * The fake provider's fixed identity: its issuer and the relying party registered at it.
 *
 * @group Test doubles
 */
export const FAKE_OPENID: {
  /** The fake provider's issuer. */
  readonly issuer: string;
  /** The relying party's client id at the fake. */
  readonly clientId: string;
  /** The relying party's client secret at the fake. */
  readonly clientSecret: string;
  /** The relying party's redirect URI. */
  readonly redirectUri: string;
  /** The relying party's post-logout redirect URI. */
  readonly postLogoutRedirectUri: string;
} = Object.freeze({
  issuer: 'https://idp.example.com',
  clientId: 'rp-client',
  clientSecret: 'rp-secret-value',
  redirectUri: 'https://rp.example.com/auth/callback',
  postLogoutRedirectUri: 'https://rp.example.com/auth/signed-out',
});

/**
 * The discovery document (OIDC Discovery 1.0 §3) of the fake, with `iss` parameter support (RFC 9207).
 */
export function discoveryDocument(issuer: string = FAKE_OPENID.issuer): Record<string, unknown> {
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
 */
export function logoutClaims(nowMs: number, overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return withoutUndefined({
    iss: FAKE_OPENID.issuer,
    aud: FAKE_OPENID.clientId,
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
    return id === FAKE_OPENID.clientId && secret === FAKE_OPENID.clientSecret;
  }
  return body.get('client_id') === FAKE_OPENID.clientId && body.get('client_secret') === FAKE_OPENID.clientSecret;
}
