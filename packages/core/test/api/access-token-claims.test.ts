import { describe, expect, it } from 'vitest';
import { validateAccessTokenClaims } from '../../src/api/domain/access-token-claims.js';
import { ApiRefusal } from '../../src/api/domain/api-refusal.js';

// RFC 9068 §4 on a token whose signature held: each rule on its own, at its boundary.

const NOW_S = 1_800_000_000;
const rules = {
  issuer: (iss: string) => iss === 'https://issuer.test',
  audience: 'api://a',
  now: NOW_S * 1000,
  clockSkewSeconds: 60,
};
const header = { alg: 'RS256', typ: 'at+jwt' };
const claims = {
  iss: 'https://issuer.test',
  aud: 'api://a',
  sub: 'alice',
  client_id: 'web',
  jti: 'j1',
  iat: NOW_S,
  exp: NOW_S + 300,
};

function refusal(change: Record<string, unknown>, head: Record<string, unknown> = header): string {
  try {
    validateAccessTokenClaims(head, { ...claims, ...change }, rules);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiRefusal);
    expect(error).toMatchObject({ status: 401, error: 'invalid_token' });
    return (error as ApiRefusal).description!;
  }
  throw new Error('accepted');
}

describe('validateAccessTokenClaims', () => {
  it('reads who, for which app, what it allows and its binding', () => {
    const read = validateAccessTokenClaims(
      header,
      { ...claims, scope: 'a  b', scp: 'b c', roles: ['r1', 'r2'], sid: 's1', cnf: { jkt: 'T' }, extra: 1 },
      rules,
    );
    expect(read).toEqual({
      issuer: 'https://issuer.test',
      subject: 'alice',
      clientId: 'web',
      scopes: ['a', 'b', 'c'],
      roles: ['r1', 'r2'],
      tokenId: 'j1',
      sessionId: 's1',
      expiresAt: NOW_S + 300,
      issuedAt: NOW_S,
      boundKey: 'T',
      otherBinding: false,
      claims: expect.objectContaining({ extra: 1 }),
    });
    const plain = validateAccessTokenClaims(
      { typ: 'application/AT+JWT' },
      { ...claims, roles: 'only', sid: '' },
      rules,
    );
    expect(plain).toMatchObject({ scopes: [], roles: ['only'], otherBinding: false });
    expect(plain).not.toHaveProperty('sessionId');
    expect(plain).not.toHaveProperty('boundKey');
    expect(validateAccessTokenClaims(header, { ...claims, cnf: { 'x5t#S256': 'x' } }, rules)).toMatchObject({
      otherBinding: true,
    });
    expect(validateAccessTokenClaims(header, { ...claims, aud: ['api://b', 'api://a'] }, rules).subject).toBe('alice');
  });

  it('refuses a token that is no JWT access token', () => {
    for (const typ of [undefined, 'JWT', 'at+jwt2', 7]) {
      expect(refusal({}, { alg: 'RS256', typ })).toBe('the token is not a JWT access token ("typ" must be "at+jwt")');
    }
  });

  it.each(['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'])('requires "%s"', (claim) => {
    expect(refusal({ [claim]: undefined })).toBe(`the token has no "${claim}" claim`);
  });

  it('holds iss, aud and the identifying claims to their values and types', () => {
    expect(refusal({ iss: 'https://issuer.test/' })).toBe('the token\'s "iss" is not the expected issuer');
    expect(refusal({ aud: 'api://b' })).toBe('the token\'s "aud" does not name this API');
    expect(refusal({ aud: ['api://b'] })).toBe('the token\'s "aud" does not name this API');
    const types = 'the token\'s "sub", "client_id" and "jti" must be non-empty strings';
    for (const change of [{ sub: '' }, { sub: 1 }, { client_id: '' }, { client_id: {} }, { jti: '' }, { jti: 2 }]) {
      expect(refusal(change)).toBe(types);
    }
  });

  it('holds the times to the clock, give or take the skew', () => {
    const times = 'the token\'s "exp", "iat" and "nbf" must be numbers of seconds';
    for (const change of [{ exp: '1' }, { iat: null }, { nbf: 'soon' }, { exp: Number.NaN }, { iat: Infinity }]) {
      expect(refusal(change)).toBe(times);
    }
    expect(refusal({ exp: NOW_S - 60 })).toBe('the token has expired');
    expect(validateAccessTokenClaims(header, { ...claims, exp: NOW_S - 59 }, rules).expiresAt).toBe(NOW_S - 59);
    expect(refusal({ iat: NOW_S + 61 })).toBe('the token\'s "iat" is in the future');
    expect(validateAccessTokenClaims(header, { ...claims, iat: NOW_S + 60 }, rules).subject).toBe('alice');
    expect(refusal({ nbf: NOW_S + 61 })).toBe('the token is not valid yet ("nbf")');
    expect(validateAccessTokenClaims(header, { ...claims, nbf: NOW_S + 60 }, rules).subject).toBe('alice');
    const strict = { ...rules, clockSkewSeconds: 0 };
    expect(() => validateAccessTokenClaims(header, { ...claims, exp: NOW_S }, strict)).toThrow('expired');
  });

  it('reads cnf, scope, scp and roles only in their shapes', () => {
    for (const cnf of ['x', null, ['jkt'], 1]) expect(refusal({ cnf })).toBe('the token\'s "cnf" must be an object');
    expect(refusal({ cnf: { jkt: 1 } })).toBe('the token\'s "cnf.jkt" must be a string');
    expect(refusal({ cnf: { jkt: '' } })).toBe('the token\'s "cnf.jkt" must be a string');
    expect(refusal({ scope: ['a'] })).toBe('the token\'s "scope" must be a space-separated string');
    expect(refusal({ scp: 1 })).toBe('the token\'s "scp" must be a space-separated string');
    expect(refusal({ roles: [1] })).toBe('the token\'s "roles" must be a list of strings');
    expect(refusal({ roles: { a: 1 } })).toBe('the token\'s "roles" must be a list of strings');
  });

  describe('Entra ID access tokens (format "entra")', () => {
    const entra = { ...rules, format: 'entra' as const };
    const v2 = {
      iss: 'https://issuer.test',
      aud: 'api://a',
      sub: 'alice',
      iat: NOW_S,
      exp: NOW_S + 300,
      ver: '2.0',
      azp: 'web-app-id',
      uti: 'u1',
      scp: 'orders.read',
      tid: 't',
    };
    const jwt = { alg: 'RS256', typ: 'JWT' };

    it('reads the client from azp (v2.0) or appid (v1.0), and the token id from uti', () => {
      expect(validateAccessTokenClaims(jwt, v2, entra)).toMatchObject({
        clientId: 'web-app-id',
        tokenId: 'u1',
        scopes: ['orders.read'],
      });
      const v1 = { ...v2, ver: '1.0', azp: undefined, appid: 'v1-app' };
      expect(validateAccessTokenClaims(jwt, v1, entra)).toMatchObject({ clientId: 'v1-app' });
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
      ['typed at+jwt', { typ: 'at+jwt' }, {}, /"typ" must be "JWT"/],
      ['without ver', {}, { ver: undefined }, /no "ver" claim/],
      ['a v2.0 token without azp', {}, { azp: undefined }, /"azp" and "uti"/],
      ['a v1.0 token without appid', {}, { ver: '1.0' }, /"appid" and "uti"/],
      ['without uti', {}, { uti: undefined }, /"azp" and "uti"/],
      ['of another issuer', {}, { iss: 'https://other.test' }, /"iss" is not the expected issuer/],
    ])('refuses a token %s', (_, headerChange, change, message) => {
      expect(() => validateAccessTokenClaims({ ...jwt, ...headerChange }, { ...v2, ...change }, entra)).toThrow(
        message,
      );
    });

    it('refuses an RFC 9068 token typed JWT, and an Entra one under the RFC 9068 rules', () => {
      expect(() => validateAccessTokenClaims(jwt, { ...claims }, rules)).toThrow(/"typ" must be "at\+jwt"/);
      expect(() => validateAccessTokenClaims({ ...jwt, typ: 'at+jwt' }, v2, rules)).toThrow(/no "client_id" claim/);
    });
  });
});
