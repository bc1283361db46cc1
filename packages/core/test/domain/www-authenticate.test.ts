import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerChallenge, MAX_CHALLENGE_LENGTH, parseChallenges } from '../../src/domain/www-authenticate.js';

describe('parseChallenges (RFC 9110 §11.6.1)', () => {
  it('reads the Bearer challenge of a CAE claims challenge as Entra sends it', () => {
    const header =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="';
    const bearer = bearerChallenge(header);
    expect(bearer?.get('error')).toBe('insufficient_claims');
    expect(bearer?.get('claims')).toBe('eyJhY2Nlc3NfdG9rZW4iOnt9fQ==');
    expect(bearer?.get('authorization_uri')).toBe('https://login.microsoftonline.com/common/oauth2/authorize');
  });

  it('separates several challenges, token and quoted values, escapes, case and a token68', () => {
    const header =
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l==, BEARER Error=insufficient_scope, scope="a \\"b\\" c", DPoP algs="ES256"';
    const challenges = parseChallenges(header);
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'dpop']);
    expect(challenges[1]?.params.get('error')).toBe('insufficient_scope');
    expect(challenges[1]?.params.get('scope')).toBe('a "b" c');
    expect(challenges[2]?.params.get('algs')).toBe('ES256');
  });

  it('keeps the first of a repeated parameter and answers null without a Bearer challenge', () => {
    expect(bearerChallenge('Bearer error="invalid_token", error="insufficient_claims"')?.get('error')).toBe(
      'invalid_token',
    );
    expect(bearerChallenge('Basic realm="x"')).toBeNull();
    expect(bearerChallenge(null)).toBeNull();
    expect(bearerChallenge(`Bearer error="${'x'.repeat(MAX_CHALLENGE_LENGTH)}"`)).toBeNull();
  });

  it('ends on any input without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (header) => {
        expect(Array.isArray(parseChallenges(header))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
