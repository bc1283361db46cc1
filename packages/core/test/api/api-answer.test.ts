import { describe, expect, it } from 'vitest';
import { ApiRefusal } from '../../src/api/domain/api-refusal.js';
import { checkRequirement } from '../../src/api/domain/api-requirement.js';
import { DpopNonces, NONCE_WINDOW_MS } from '../../src/api/dpop/dpop-nonces.js';
import { refusalAnswer } from '../../src/api/http/api-answer.js';

// The answers of refused requests, byte for byte; the route requirement's rules; the nonces.

describe('refusalAnswer', () => {
  it('challenges in each scheme with the error, its words, what would do, and the DPoP algorithms', () => {
    const refusal = ApiRefusal.of('insufficient_scope', 'needs "more" \\ scopes\u0001é', { scope: ['a', 'b'] });
    expect(refusalAnswer(refusal, ['Bearer', 'DPoP'], 'r"ealm', { 'dpop-nonce': 'n' })).toEqual({
      status: 403,
      headers: {
        'dpop-nonce': 'n',
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'www-authenticate':
          'Bearer realm="realm", error="insufficient_scope", error_description="needs more  scopes", scope="a b", ' +
          'DPoP realm="realm", error="insufficient_scope", error_description="needs more  scopes", scope="a b", algs="ES256 PS256 EdDSA RS256"',
      },
      cookies: [],
      body: JSON.stringify({ error: 'insufficient_scope', error_description: 'needs "more" \\ scopes\u0001é' }),
    });
  });

  it('asks for a step-up with acr_values and max_age (RFC 9470 §3)', () => {
    const refusal = ApiRefusal.of('insufficient_user_authentication', 'more', { acrValues: ['x', 'y'], maxAge: 0 });
    expect(refusalAnswer(refusal, ['Bearer'], undefined, {}).headers['www-authenticate']).toBe(
      'Bearer error="insufficient_user_authentication", error_description="more", acr_values="x y", max_age=0',
    );
  });

  it('challenges without an error when no token came, and says unauthorized in the body', () => {
    const answer = refusalAnswer(ApiRefusal.noToken(), ['Bearer'], undefined, {});
    expect(answer).toMatchObject({ status: 401, body: '{"error":"unauthorized"}' });
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect(refusalAnswer(ApiRefusal.noToken(), ['DPoP'], 'r', {}).headers['www-authenticate']).toBe(
      'DPoP realm="r", algs="ES256 PS256 EdDSA RS256"',
    );
  });

  it('answers 503 with Retry-After and 403 forbidden without a challenge', () => {
    const down = refusalAnswer(ApiRefusal.unavailable('keys gone'), ['Bearer'], 'r', {});
    expect(down).toEqual({
      status: 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '5' },
      cookies: [],
      body: '{"error":"temporarily_unavailable","error_description":"keys gone"}',
    });
    const forbidden = refusalAnswer(ApiRefusal.forbidden('no role'), ['Bearer'], 'r', {});
    expect(forbidden).toMatchObject({ status: 403, body: '{"error":"forbidden","error_description":"no role"}' });
    expect(forbidden.headers).not.toHaveProperty('www-authenticate');
  });

  it('gives each error code its status', () => {
    const statuses = Object.fromEntries(
      (
        [
          'invalid_request',
          'invalid_token',
          'insufficient_scope',
          'insufficient_user_authentication',
          'invalid_dpop_proof',
          'use_dpop_nonce',
        ] as const
      ).map((code) => [code, ApiRefusal.of(code, 'x').status]),
    );
    expect(statuses).toEqual({
      invalid_request: 400,
      invalid_token: 401,
      insufficient_scope: 403,
      insufficient_user_authentication: 401,
      invalid_dpop_proof: 401,
      use_dpop_nonce: 401,
    });
    expect(ApiRefusal.noToken().message).toBe('the request carries no access token');
  });
});

describe('checkRequirement', () => {
  const token = (claims: Record<string, unknown>, scopes: string[] = [], roles: string[] = []) =>
    ({ scopes, roles, claims }) as never;
  const NOW = 1_800_000_000_000;
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return error as ApiRefusal;
    }
    return null;
  };

  it('says what is missing, in order: the sign-in, the scopes, the roles, the claim', () => {
    expect(refusal(() => checkRequirement(token({ acr: 'a' }), { acrValues: ['b'] }, NOW))).toMatchObject({
      error: 'insufficient_user_authentication',
      description: 'a stronger authentication is required',
      details: { acrValues: ['b'] },
    });
    const age = refusal(() => checkRequirement(token({ auth_time: NOW / 1000 - 11 }), { maxAgeSeconds: 10 }, NOW));
    expect(age).toMatchObject({ description: 'a more recent authentication is required', details: { maxAge: 10 } });
    expect(
      refusal(() => checkRequirement(token({ auth_time: NOW / 1000 - 10 }), { maxAgeSeconds: 10 }, NOW)),
    ).toBeNull();
    expect(refusal(() => checkRequirement(token({ auth_time: '1' }), { maxAgeSeconds: 10 }, NOW))).not.toBeNull();
    // An auth_time ahead of the clock says nothing of recency (a minute of skew aside).
    expect(
      refusal(() => checkRequirement(token({ auth_time: NOW / 1000 + 61 }), { maxAgeSeconds: 10 }, NOW)),
    ).not.toBeNull();
    expect(
      refusal(() => checkRequirement(token({ auth_time: NOW / 1000 + 60 }), { maxAgeSeconds: 10 }, NOW)),
    ).toBeNull();
    // Both missing: one challenge asks for both, so the user signs in once.
    const both = refusal(() => checkRequirement(token({ acr: 'a' }), { acrValues: ['b'], maxAgeSeconds: 5 }, NOW));
    expect(both).toMatchObject({
      description: 'a stronger authentication is required',
      details: { acrValues: ['b'], maxAge: 5 },
    });
    expect(refusal(() => checkRequirement(token({}, ['b']), { scopes: ['a', 'b'] }, NOW))).toMatchObject({
      status: 403,
      error: 'insufficient_scope',
      description: 'the token needs the scopes: a b',
      details: { scope: ['a', 'b'] },
    });
    expect(refusal(() => checkRequirement(token({}, ['b', 'a']), { scopes: ['a', 'b'] }, NOW))).toBeNull();
    const anyScope = { scopes: { anyOf: ['a', 'b'] } };
    expect(refusal(() => checkRequirement(token({}, ['c']), anyScope, NOW))).toMatchObject({
      description: 'the token needs one of the scopes: a b',
      details: { scope: ['a', 'b'] },
    });
    expect(refusal(() => checkRequirement(token({}, ['b']), anyScope, NOW))).toBeNull();
    expect(refusal(() => checkRequirement(token({}, [], ['s']), { roles: ['r', 's'] }, NOW))).toMatchObject({
      status: 403,
      error: undefined,
      description: 'the token needs the roles: r s',
    });
    expect(refusal(() => checkRequirement(token({}, [], ['s', 'r']), { roles: ['r', 's'] }, NOW))).toBeNull();
    expect(refusal(() => checkRequirement(token({}, [], ['t']), { roles: { anyOf: ['r', 's'] } }, NOW))).toMatchObject({
      description: 'the token needs one of the roles: r s',
    });
    expect(refusal(() => checkRequirement(token({}, [], ['s']), { roles: { anyOf: ['r', 's'] } }, NOW))).toBeNull();
    expect(refusal(() => checkRequirement(token({ t: 1 }), { claim: (c) => c.t === 2 }, NOW))).toMatchObject({
      status: 403,
      description: "the token's claims are refused",
    });
    expect(refusal(() => checkRequirement(token({}), { claim: () => 'yes' as never }, NOW))).not.toBeNull();
    expect(
      refusal(() => checkRequirement(token({}, ['a', 'b'], ['r', 's']), { scopes: ['b'], roles: ['s'] }, NOW)),
    ).toBeNull();
  });
});

describe('DpopNonces', () => {
  it('accepts a nonce during its window and the next, never a made-up one, and shares them by secret', async () => {
    let now = 10 * NONCE_WINDOW_MS + 1;
    const clock = { now: () => now };
    const secret = 's'.repeat(32);
    const nonces = new DpopNonces(clock, secret);
    const first = await nonces.current();
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(await nonces.current()).toBe(first);
    expect(await nonces.accepts(first)).toBe(true);
    expect(await new DpopNonces(clock, secret).accepts(first)).toBe(true);
    expect(await new DpopNonces(clock, 't'.repeat(32)).accepts(first)).toBe(false);
    expect(await new DpopNonces(clock, undefined).accepts(first)).toBe(false);
    for (const made of [undefined, 1, '', `${first}x`, first.toUpperCase()])
      expect(await nonces.accepts(made)).toBe(false);
    now += NONCE_WINDOW_MS; // the next window: the last one's nonce still serves
    const second = await nonces.current();
    expect(second).not.toBe(first);
    expect([await nonces.accepts(first), await nonces.accepts(second)]).toEqual([true, true]);
    now += NONCE_WINDOW_MS;
    expect([await nonces.accepts(first), await nonces.accepts(second)]).toEqual([false, true]);
    // A nonce of a window ahead (a clock read wrongly) is not taken either.
    const ahead = await new DpopNonces({ now: () => now + NONCE_WINDOW_MS }, secret).current();
    expect(await nonces.accepts(ahead)).toBe(false);
  });
});
