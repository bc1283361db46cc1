// What the tests of an API on Entra ID share: an access token's claims as Entra issues them for
// a custom API, and a request bringing one.
import type { HttpRequest } from '@identity-web/core/adapter';
import { FAKE_ENTRA } from '@identity-web/msal/testing';

export const API_ID = 'api://orders';

/**
 * An access token's claims as Entra issues them for a custom API: v2.0 (`accessTokenAcceptedVersion`
 * 2) or v1.0 (1 or unset), of tenant `tid`; `overrides` replace any.
 */
export function accessTokenClaims(
  version: '1.0' | '2.0',
  tid: string = FAKE_ENTRA.tenantId,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: API_ID,
    iss: version === '2.0' ? `${FAKE_ENTRA.login}/${tid}/v2.0` : `https://sts.windows.net/${tid}/`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    ...(version === '2.0' ? { azp: FAKE_ENTRA.clientId, azpacr: '1' } : { appid: FAKE_ENTRA.clientId, appidacr: '1' }),
    oid: '11111111-2222-3333-4444-555555555555',
    scp: 'orders.read',
    sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
    tid,
    uti: 'x4FzHqW0aU2xMBf4hnQwAA',
    ver: version,
    ...overrides,
  };
}

/** A GET of the API bringing `token` as `Bearer`. */
export const bearer = (token: string): HttpRequest =>
  ({
    method: 'GET',
    url: new URL('https://orders.test/orders'),
    header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined),
  }) as HttpRequest;
