import { BACKCHANNEL_LOGOUT_EVENT } from '@identity-web/core/provider';
import type { JWTPayload } from 'jose';
import { CLIENT_ID, ISSUER } from './fake-idp.js';
import { withoutUndefined } from './keys.js';

/**
 * The claims of a valid logout token (BCL §2.4), with `overrides` applied; an override of
 * `undefined` removes the claim. Every negative test changes exactly one thing from this.
 */
export function logoutClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
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
