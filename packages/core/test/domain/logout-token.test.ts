import { describe, expect, it } from 'vitest';
import { BACKCHANNEL_LOGOUT_EVENT, validateLogoutTokenClaims } from '../../src/domain/logout-token.js';

const NOW = Date.UTC(2026, 0, 1);
const rules = { issuer: 'https://idp.test', clientId: 'app', now: NOW };
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'https://idp.test',
  aud: 'app',
  iat: NOW / 1000,
  exp: NOW / 1000 + 120,
  jti: 'j1',
  sid: 's1',
  events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  ...extra,
});

describe('validateLogoutTokenClaims: azp', () => {
  it('accepts a token without azp, or with azp naming this client', () => {
    expect(validateLogoutTokenClaims({}, claims(), rules).sid).toBe('s1');
    expect(validateLogoutTokenClaims({}, claims({ azp: 'app' }), rules).sid).toBe('s1');
  });

  it.each([['another-app'], [''], [42], [null]])('refuses azp %j: the token was issued to another party', (azp) => {
    expect(() => validateLogoutTokenClaims({}, claims({ azp }), rules)).toThrow(
      expect.objectContaining({ code: 'invalid_logout_token', status: 400 }),
    );
  });
});
