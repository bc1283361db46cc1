import { describe, expect, it } from 'vitest';
import { BACKCHANNEL_LOGOUT_EVENT, validateLogoutTokenClaims } from '../../src/domain/logout-token.js';

// Each case names the forged or stale token that a removed or weakened check would let through
// (OIDC Back-Channel Logout 1.0 §2.4 and §2.6).

const ISSUER = 'https://idp.example';
const CLIENT = 'client-1';
// Half a second past a whole second, so flooring and rounding up the clock differ.
const NOW_MS = 1_767_225_600_500;
const NOW = 1_767_225_600;
const HEADER = { typ: 'logout+jwt' };

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: CLIENT,
    iat: NOW,
    exp: NOW + 120,
    jti: 'jti-1',
    sid: 'sid-1',
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...overrides,
  };
}

const rules = { issuer: ISSUER, clientId: CLIENT, now: NOW_MS };

function check(claims: Record<string, unknown>, extra: Partial<typeof rules> & Record<string, unknown> = {}) {
  return validateLogoutTokenClaims(HEADER, claims, { ...rules, ...extra });
}

function rejects(run: () => unknown, message: RegExp) {
  expect(run).toThrow(expect.objectContaining({ code: 'invalid_logout_token', status: 400, expose: true }));
  expect(run).toThrow(message);
}

describe('validateLogoutTokenClaims: what a valid token yields', () => {
  it('returns exactly the claims the use case acts on', () => {
    expect(check(payload({ sub: 'alice' }))).toStrictEqual({
      iss: ISSUER,
      jti: 'jti-1',
      iat: NOW,
      // The earlier of exp + skew - 1 (NOW + 179) and iat + maximum age + skew (NOW + 360).
      acceptUntil: NOW + 179,
      exp: NOW + 120,
      sub: 'alice',
      sid: 'sid-1',
    });
    // Absent claims stay absent: an `undefined` sub must not read as "every subject".
    const { exp: _exp, sid: _sid, ...noExpNoSid } = payload({ sub: 'alice' });
    expect(check(noExpNoSid)).toStrictEqual({
      iss: ISSUER,
      jti: 'jti-1',
      iat: NOW,
      acceptUntil: NOW + 360,
      sub: 'alice',
    });
    // A token naming only the IdP session has no subject, not an `undefined` one.
    expect(check(payload())).toStrictEqual({
      iss: ISSUER,
      jti: 'jti-1',
      iat: NOW,
      acceptUntil: NOW + 179,
      exp: NOW + 120,
      sid: 'sid-1',
    });
  });

  it('says until when it would accept the token: accepted at acceptUntil, refused a second later', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [payload(), {}],
      [payload({ exp: undefined }), {}],
      [payload({ exp: NOW + 3600 }), { maxTokenAgeSeconds: 3600 }],
      [payload({ exp: undefined, iat: NOW - 100 }), { maxTokenAgeSeconds: 3600, clockSkewSeconds: 900 }],
      [payload({ exp: NOW + 10 }), { clockSkewSeconds: 0 }],
    ];
    for (const [claims, extra] of cases) {
      const { acceptUntil } = check(claims, extra);
      expect(check(claims, { ...extra, now: acceptUntil * 1000 + 999 }).jti).toBe('jti-1');
      rejects(() => check(claims, { ...extra, now: (acceptUntil + 1) * 1000 }), /too old|expired/);
    }
  });
});

describe('validateLogoutTokenClaims: header', () => {
  it('accepts no typ, and the logout types in any case', () => {
    expect(validateLogoutTokenClaims({}, payload(), rules).jti).toBe('jti-1');
    for (const typ of ['logout+jwt', 'Logout+JWT', 'application/logout+jwt', 'JWT']) {
      expect(validateLogoutTokenClaims({ typ }, payload(), rules).jti).toBe('jti-1');
    }
  });

  it('refuses an access token or ID token replayed as a logout token by its typ', () => {
    for (const typ of ['at+jwt', 'dpop+jwt', '', 42, null]) {
      rejects(() => validateLogoutTokenClaims({ typ }, payload(), rules), /wrong "typ"/);
    }
  });
});

describe('validateLogoutTokenClaims: who issued it and for whom', () => {
  it("refuses another issuer's token", () => {
    rejects(() => check(payload({ iss: 'https://evil.example' })), /"iss" does not match/);
    rejects(() => check(payload({ iss: undefined })), /"iss" does not match/);
  });

  it('refuses a token for another client, or for none', () => {
    for (const aud of ['client-2', ['client-2'], [], undefined, 42, { 0: CLIENT }]) {
      rejects(() => check(payload({ aud })), /"aud" does not contain the client id/);
    }
  });

  it('accepts the client id alone, as a string or a one-element array', () => {
    expect(check(payload({ aud: [CLIENT] })).jti).toBe('jti-1');
    expect(check(payload({ aud: CLIENT })).jti).toBe('jti-1');
  });

  it('refuses a token that also names an audience we do not trust', () => {
    rejects(() => check(payload({ aud: [CLIENT, 'client-2'] })), /untrusted audience/);
    rejects(() => check(payload({ aud: ['client-2', CLIENT] })), /untrusted audience/);
  });

  it('refuses a token whose azp names another party, and accepts our own azp', () => {
    rejects(() => check(payload({ azp: 'client-2' })), /"azp" is not this client/);
    rejects(() => check(payload({ azp: null })), /"azp" is not this client/);
    expect(check(payload({ azp: CLIENT })).jti).toBe('jti-1');
  });
});

describe('validateLogoutTokenClaims: time', () => {
  it('refuses a missing or non-numeric iat', () => {
    for (const iat of [undefined, String(NOW), Number.NaN, Number.POSITIVE_INFINITY]) {
      rejects(() => check(payload({ iat })), /"iat" is missing/);
    }
  });

  it('allows 60 s of clock skew on iat by default, and no more', () => {
    expect(check(payload({ iat: NOW + 60 })).iat).toBe(NOW + 60);
    rejects(() => check(payload({ iat: NOW + 61 })), /"iat" is in the future/);
  });

  it('refuses a token issued more than 300 s (plus the skew) ago by default: an old token cannot be saved up', () => {
    expect(check(payload({ iat: NOW - 360 })).iat).toBe(NOW - 360);
    rejects(() => check(payload({ iat: NOW - 361 })), /^logout token is too old$/);
  });

  it('honours the configured skew and maximum age', () => {
    rejects(() => check(payload({ iat: NOW + 11 }), { clockSkewSeconds: 10 }), /in the future/);
    expect(check(payload({ iat: NOW + 10 }), { clockSkewSeconds: 10 }).iat).toBe(NOW + 10);
    rejects(() => check(payload({ iat: NOW - 71 }), { clockSkewSeconds: 10, maxTokenAgeSeconds: 60 }), /too old/);
    expect(check(payload({ iat: NOW - 70 }), { clockSkewSeconds: 10, maxTokenAgeSeconds: 60 }).iat).toBe(NOW - 70);
  });

  it('accepts a missing exp within the iat window unless refused strictly, and a non-numeric exp never', () => {
    // Tokens of providers built before errata set 1: iat bounds them as exp would.
    expect(check(payload({ exp: undefined })).exp).toBeUndefined();
    expect(check(payload({ exp: undefined, iat: NOW - 360 })).iat).toBe(NOW - 360);
    rejects(() => check(payload({ exp: undefined, iat: NOW - 361 })), /too old/);
    rejects(() => check(payload({ exp: undefined, iat: undefined })), /"iat" is missing/);
    rejects(() => check(payload({ exp: undefined }), { allowMissingExp: false }), /"exp" is missing/);
    for (const exp of [String(NOW + 120), null, Number.NaN, Number.POSITIVE_INFINITY]) {
      rejects(() => check(payload({ exp }), { allowMissingExp: true }), /"exp" is not a number/);
    }
  });

  it('refuses an expired token once the skew has passed, and accepts it within the skew', () => {
    expect(check(payload({ exp: NOW - 59 })).exp).toBe(NOW - 59);
    rejects(() => check(payload({ exp: NOW - 60 })), /expired/);
  });

  it('refuses a token before its nbf (RFC 7519 §4.1.5), allowing the skew, and an nbf that is no number', () => {
    expect(check(payload({ nbf: NOW + 60 })).jti).toBe('jti-1');
    rejects(() => check(payload({ nbf: NOW + 61 })), /"nbf" is in the future/);
    for (const nbf of [String(NOW), null, Number.NaN]) rejects(() => check(payload({ nbf })), /"nbf" is not a number/);
  });

  it('reads the clock in whole seconds, rounded down', () => {
    // 500 ms into the second: rounding up would make a token 61 s ahead look 60 s ahead.
    expect(check(payload({ iat: NOW + 60 }), { now: NOW_MS + 499 }).iat).toBe(NOW + 60);
    rejects(() => check(payload({ iat: NOW + 61 }), { now: NOW_MS + 499 }), /in the future/);
    expect(check(payload({ exp: NOW - 59 }), { now: NOW_MS + 499 }).exp).toBe(NOW - 59);
  });
});

describe('validateLogoutTokenClaims: what it names', () => {
  it('refuses a token without a usable jti: no replay protection without one', () => {
    for (const jti of [undefined, '', 42]) rejects(() => check(payload({ jti })), /"jti" is missing/);
  });

  it('refuses a sub or sid that is not a non-empty string', () => {
    for (const sub of ['', 42, null]) rejects(() => check(payload({ sub })), /"sub" is not a string/);
    for (const sid of ['', 42, null]) rejects(() => check(payload({ sid })), /"sid" is not a string/);
  });

  it('refuses a token that names neither sub nor sid, and accepts either alone', () => {
    rejects(() => check(payload({ sid: undefined })), /neither "sub" nor "sid"/);
    expect(check(payload({ sid: undefined, sub: 'alice' })).sub).toBe('alice');
    expect(check(payload()).sid).toBe('sid-1');
  });

  it('refuses a token without the back-channel logout event object', () => {
    const inherited = Object.create({ [BACKCHANNEL_LOGOUT_EVENT]: {} }) as object;
    for (const events of [
      undefined,
      null,
      [],
      'logout',
      {},
      { 'http://schemas.openid.net/event/other': {} },
      { [BACKCHANNEL_LOGOUT_EVENT]: true },
      { [BACKCHANNEL_LOGOUT_EVENT]: null },
      { [BACKCHANNEL_LOGOUT_EVENT]: [] },
      inherited,
    ]) {
      rejects(() => check(payload({ events })), /lacks the back-channel logout event/);
    }
  });

  it('refuses an ID token passed off as a logout token by its nonce, even an empty one', () => {
    rejects(() => check(payload({ nonce: 'n' })), /must not contain "nonce"/);
    rejects(() => check(payload({ nonce: undefined })), /must not contain "nonce"/);
  });
});
