import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveApiSettings } from '../../src/api/config/api-settings.js';
import type { ApiOutcome } from '../../src/api/use-cases/authorize-api-request.js';
import { AuthorizeApiRequest } from '../../src/api/use-cases/authorize-api-request.js';
import { INTROSPECTED_MAX_TOKENS, INTROSPECTIONS_AT_ONCE } from '../../src/api/use-cases/introspect-token.js';
import { signOutAtApi } from '../../src/api/use-cases/remove-user-tokens.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import type { HttpRequest } from '../../src/http/types.js';
import {
  API_AUDIENCE,
  API_ISSUER,
  ApiTokenIssuer,
  type ProofKey,
  proofKey,
} from '../../src/testing/api-token-issuer.js';

// Opaque access tokens through RFC 7662 introspection: what the provider's answer must say before
// the API takes a token, and how long an answer is remembered.

let now = Date.UTC(2026, 10, 27);
const clock = { now: () => now };
const seconds = () => Math.floor(now / 1000);
const URL_ = 'https://api.test/orders';
let issuer: ApiTokenIssuer;
let key: ProofKey;

beforeAll(async () => {
  issuer = await ApiTokenIssuer.create(clock.now);
  key = await proofKey();
});

/** A provider that introspects from a table of answers, counting the questions. */
function introspecting(answers: Map<string, Record<string, unknown>>, fail?: () => never) {
  const asked: string[] = [];
  const provider = {
    ...issuer.provider,
    introspectAccessToken: async (token: string) => {
      asked.push(token);
      await Promise.resolve();
      if (fail !== undefined) fail();
      return answers.get(token) ?? { active: false };
    },
  };
  return { provider, asked };
}

function active(claims: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    active: true,
    client_id: 'web-app',
    sub: 'user-1',
    aud: API_AUDIENCE,
    scope: 'orders.read orders.write',
    exp: seconds() + 600,
    iat: seconds(),
    ...claims,
  };
}

function request(headers: Record<string, string>): HttpRequest {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method: 'GET',
    url: new URL('http://127.0.0.1:9/orders'),
    header: (name) => lower.get(name.toLowerCase()),
    cookie: () => undefined,
    readText: () => Promise.reject(new Error('no body')),
  };
}

function api(provider: object, options: Record<string, unknown> = { introspection: true }) {
  return new AuthorizeApiRequest(
    resolveApiSettings({
      identityProvider: provider as never,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      clock,
      ...options,
    }),
  );
}

const bearer = (token: string) => request({ authorization: `Bearer ${token}` });
const refusal = (outcome: ApiOutcome) => ('refusal' in outcome ? outcome.refusal : undefined);

describe('opaque access tokens (RFC 7662 introspection)', () => {
  it('takes an active token meant for the API, with who calls and what it may do', async () => {
    const { provider, asked } = introspecting(new Map([['opaque-1', active({ sid: 'session-9', jti: 'token-7' })]]));
    const outcome = await api(provider).execute(bearer('opaque-1'), { scopes: ['orders.read'] });
    expect(outcome).toMatchObject({
      caller: {
        issuer: API_ISSUER,
        subject: 'user-1',
        clientId: 'web-app',
        scopes: ['orders.read', 'orders.write'],
        sessionId: 'session-9',
        tokenId: 'token-7',
        token: 'opaque-1',
        scheme: 'Bearer',
      },
    });
    expect(asked).toEqual(['opaque-1']);
  });

  it("refuses the user's tokens after a sign-out of every session: by iat, or for an answer without it, while it may be remembered", async () => {
    const answers = new Map([
      ['before', active({ iat: seconds() - 10 })],
      ['after', active({ iat: seconds() + 1 })],
      ['undated', active({ iat: undefined })],
      ['old', active({ sub: 'user-2', iat: seconds() - 86_300 })],
    ]);
    const { provider } = introspecting(answers);
    const settings = resolveApiSettings({
      identityProvider: provider as never,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      clock,
      introspection: { cacheSeconds: 60 },
    });
    const check = new AuthorizeApiRequest(settings);
    await signOutAtApi(settings, { issuer: API_ISSUER, subject: 'user-1', everySession: true, at: seconds() });
    // Remembered for endedSessionSeconds (24 h) past it, give or take the most skew.
    await signOutAtApi(settings, { issuer: API_ISSUER, subject: 'user-2', everySession: true, at: seconds() - 86_200 });
    expect(refusal(await check.execute(bearer('old'), {}))?.description).toBe(
      'the user signed out after the token was issued',
    );
    const status = async (token: string) => refusal(await check.execute(bearer(token), {}))?.description ?? 'taken';
    expect(await status('before')).toBe('the user signed out after the token was issued');
    expect(await status('after')).toBe('taken');
    // Without `iat`, a remembered answer may predate the sign-out: refused for as long as one is remembered.
    expect(await status('undated')).toBe('the user signed out after the token was issued');
    const then = now;
    now += 61_000;
    try {
      expect(await status('undated')).toBe('taken');
    } finally {
      now = then;
    }
  });

  it('refuses an opaque token without asking anyone while introspection is off', async () => {
    const { provider, asked } = introspecting(new Map([['opaque-1', active()]]));
    const outcome = await api(provider, {}).execute(bearer('opaque-1'), {});
    expect(refusal(outcome)).toMatchObject({ error: 'invalid_token', description: 'the token is not a signed JWT' });
    expect(asked).toEqual([]);
  });

  it("still verifies a JWT with the provider's keys, never asking", async () => {
    const { provider, asked } = introspecting(new Map());
    expect(await api(provider).execute(bearer(await issuer.token()), {})).toHaveProperty('caller');
    expect(asked).toEqual([]);
  });

  it.each([
    ['inactive', { active: false }, 'the token is not active'],
    ['active as a string', active({ active: 'true' }), 'the token is not active'],
    ['without aud', active({ aud: undefined }), 'the introspected token names no audience ("aud")'],
    ['for another API', active({ aud: ['api://other'] }), 'the token\'s "aud" does not name this API'],
    ['of another issuer', active({ iss: 'https://other.test' }), 'the token\'s "iss" is not the expected issuer'],
    [
      'without client_id',
      active({ client_id: undefined }),
      'the introspected token\'s "client_id" must be a non-empty string',
    ],
    ['with an empty sub', active({ sub: '' }), 'the token\'s "sub" must be a non-empty string'],
    ['without exp', active({ exp: undefined }), 'the introspected token has no expiry ("exp")'],
    ['expired', active({ exp: seconds() - 61 }), 'the token has expired'],
    ['issued in the future', active({ iat: seconds() + 61 }), 'the token\'s "iat" is in the future'],
    ['not valid yet', active({ nbf: seconds() + 61 }), 'the token is not valid yet ("nbf")'],
    ['with a text exp', active({ exp: String(seconds() + 60) }), 'the introspected token has no expiry ("exp")'],
    ['with a scope list', active({ scope: ['orders.read'] }), 'the token\'s "scope" must be a space-separated string'],
    [
      'that is a refresh token',
      active({ token_type: 'refresh_token' }),
      'the introspected token is not an access token',
    ],
    [
      'used as a refresh token',
      active({ token_use: 'refresh_token' }),
      'the introspected token is not an access token',
    ],
    ['with a token_type list', active({ token_type: ['Bearer'] }), 'the introspected token is not an access token'],
    ['with a text iat', active({ iat: '1' }), 'the token\'s "exp", "iat" and "nbf" must be numbers of seconds'],
    ['with a text nbf', active({ nbf: '1' }), 'the token\'s "exp", "iat" and "nbf" must be numbers of seconds'],
    ['expired by the skew exactly', active({ exp: seconds() - 60 }), 'the token has expired'],
    ['with roles that are no list of text', active({ roles: [1] }), 'the token\'s "roles" must be a list of strings'],
  ])('refuses a token %s', async (_name, answer, description) => {
    const { provider } = introspecting(new Map([['opaque-1', answer]]));
    const outcome = await api(provider).execute(bearer('opaque-1'), {});
    expect(refusal(outcome)).toMatchObject({ status: 401, error: 'invalid_token', description });
  });

  it('takes an answer at the edges of the clock skew, and typed as an access token', async () => {
    const edges = active({
      exp: seconds() - 59,
      iat: seconds() + 60,
      nbf: seconds() + 60,
      token_type: 'Bearer',
      token_use: 'access_token',
    });
    const { provider } = introspecting(
      new Map([
        ['edge', edges],
        ['n-a', active({ token_type: 'N_A' })],
      ]),
    );
    expect(await api(provider).execute(bearer('edge'), {})).toHaveProperty('caller');
    expect(await api(provider).execute(bearer('n-a'), {})).toHaveProperty('caller');
  });

  it("takes the provider's own issuer, the client as the user of a client credentials token, and a digest as its id", async () => {
    const { provider } = introspecting(new Map([['opaque-1', active({ iss: API_ISSUER, sub: undefined })]]));
    const outcome = await api(provider).execute(bearer('opaque-1'), {});
    expect(outcome).toMatchObject({ caller: { subject: 'web-app', clientId: 'web-app' } });
    // SHA-256 of the token, base64url: stable, and never the token itself.
    const digest = createHash('sha256').update('opaque-1').digest('base64url');
    expect(outcome).toMatchObject({ caller: { tokenId: digest } });
  });

  it('answers 403 insufficient_scope from the introspected scopes', async () => {
    const { provider } = introspecting(new Map([['opaque-1', active({ scope: 'orders.read' })]]));
    const outcome = await api(provider).execute(bearer('opaque-1'), { scopes: ['orders.delete'] });
    expect(refusal(outcome)).toMatchObject({ status: 403, error: 'insufficient_scope' });
  });

  it("remembers an answer for cacheSeconds, and never past the token's exp", async () => {
    const start = now;
    try {
      const answers = new Map([
        ['long', active({ exp: seconds() + 3600 })],
        ['short', active({ exp: seconds() + 10 })],
      ]);
      const { provider, asked } = introspecting(answers);
      const authorize = api(provider, { introspection: { cacheSeconds: 30 } });
      for (const token of ['long', 'short', 'long', 'short']) {
        expect(await authorize.execute(bearer(token), {})).toHaveProperty('caller');
      }
      expect(asked).toEqual(['long', 'short']);
      // Revoked at the provider: 'short' is asked again once its exp passed (still taken: the
      // clock skew allows it), 'long' only once 30 s passed.
      answers.set('long', { active: false });
      now += 11_000;
      expect(await authorize.execute(bearer('long'), {})).toHaveProperty('caller');
      expect(await authorize.execute(bearer('short'), {})).toHaveProperty('caller');
      expect(asked).toEqual(['long', 'short', 'short']);
      now += 20_000;
      expect(refusal(await authorize.execute(bearer('long'), {}))?.description).toBe('the token is not active');
      expect(asked).toEqual(['long', 'short', 'short', 'long']);
    } finally {
      now = start;
    }
  });

  it('asks every time with cacheSeconds 0; a refused token is asked once per cacheSeconds, in a memory apart', async () => {
    const start = now;
    try {
      const { provider, asked } = introspecting(
        new Map([
          ['opaque-1', active()],
          ['other-api', active({ aud: 'api://x' })],
        ]),
      );
      const everyTime = api(provider, { introspection: { cacheSeconds: 0 } });
      for (const token of ['opaque-1', 'opaque-1', 'unknown', 'unknown']) await everyTime.execute(bearer(token), {});
      expect(asked).toEqual(['opaque-1', 'opaque-1', 'unknown', 'unknown']);
      asked.length = 0;
      const cached = api(provider, { introspection: { cacheSeconds: 30 } });
      for (const token of ['other-api', 'other-api', 'unknown', 'unknown']) {
        expect(await cached.execute(bearer(token), {})).toHaveProperty('refusal');
      }
      expect(asked).toEqual(['other-api', 'unknown']);
      now += 30_001;
      expect(await cached.execute(bearer('unknown'), {})).toHaveProperty('refusal');
      expect(asked).toEqual(['other-api', 'unknown', 'unknown']);
    } finally {
      now = start;
    }
  });

  it(`refused tokens never push out taken ones: ${INTROSPECTED_MAX_TOKENS} made-up tokens later, a taken one is not asked again`, async () => {
    const { provider, asked } = introspecting(new Map([['opaque-1', active()]]));
    const authorize = api(provider);
    await authorize.execute(bearer('opaque-1'), {});
    for (let i = 0; i <= INTROSPECTED_MAX_TOKENS; i++) await authorize.execute(bearer(`made-up-${i}`), {});
    expect(await authorize.execute(bearer('opaque-1'), {})).toHaveProperty('caller');
    expect(asked.filter((token) => token === 'opaque-1')).toHaveLength(1);
    // The refused memory is bounded too: the first made-up token was dropped, and is asked again.
    await authorize.execute(bearer('made-up-0'), {});
    expect(asked.filter((token) => token === 'made-up-0')).toHaveLength(2);
  });

  it(`asks at most ${INTROSPECTIONS_AT_ONCE} questions at once: past them a new token gets 503`, async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const asked: string[] = [];
    const provider = {
      ...issuer.provider,
      introspectAccessToken: async (token: string) => {
        asked.push(token);
        await held;
        return active();
      },
    };
    const authorize = api(provider);
    const first = Array.from({ length: INTROSPECTIONS_AT_ONCE }, (_, i) => authorize.execute(bearer(`t-${i}`), {}));
    const again = authorize.execute(bearer('t-0'), {}); // the same token shares its question
    expect(refusal(await authorize.execute(bearer('one-more'), {}))).toMatchObject({ status: 503 });
    release();
    expect((await Promise.all([...first, again])).every((outcome) => 'caller' in outcome)).toBe(true);
    expect(asked).toHaveLength(INTROSPECTIONS_AT_ONCE);
    expect(await authorize.execute(bearer('one-more'), {})).toHaveProperty('caller');
  });

  it('never asks about a JWS-shaped token: a made-up JWT is refused here', async () => {
    const { provider, asked } = introspecting(new Map());
    const outcome = await api(provider).execute(bearer('eyJhbGciOiJub25lIn0.AAAA.AAAA'), {});
    expect(refusal(outcome)).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(asked).toEqual([]);
    // A JWE-shaped one (five parts) is opaque to the API: the provider is asked.
    await api(provider).execute(bearer('a.b.c.d.e'), {});
    expect(asked).toEqual(['a.b.c.d.e']);
  });

  it('answers 503 to a provider that gives no object, and takes a jti only when it is text', async () => {
    const broken = { ...issuer.provider, introspectAccessToken: async () => ['not', 'an', 'object'] };
    expect(refusal(await api(broken).execute(bearer('opaque-1'), {}))).toMatchObject({ status: 503 });
    const empty = introspecting(new Map([['opaque-1', active({ jti: '' })]]));
    const outcome = await api(empty.provider).execute(bearer('opaque-1'), {});
    expect(outcome).toMatchObject({ caller: { tokenId: createHash('sha256').update('opaque-1').digest('base64url') } });
  });

  it('asks once for a token that several requests bring at the same time', async () => {
    const { provider, asked } = introspecting(new Map([['opaque-1', active()]]));
    const authorize = api(provider);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => authorize.execute(bearer('opaque-1'), {})));
    expect(outcomes.every((outcome) => 'caller' in outcome)).toBe(true);
    expect(asked).toHaveLength(1);
  });

  it(`remembers at most ${INTROSPECTED_MAX_TOKENS} answers, the least recently used going first`, async () => {
    const answers = new Map<string, Record<string, unknown>>();
    for (let i = 0; i <= INTROSPECTED_MAX_TOKENS; i++) answers.set(`token-${i}`, active());
    const { provider, asked } = introspecting(answers);
    const authorize = api(provider);
    for (let i = 0; i <= INTROSPECTED_MAX_TOKENS; i++) await authorize.execute(bearer(`token-${i}`), {});
    expect(asked).toHaveLength(INTROSPECTED_MAX_TOKENS + 1);
    await authorize.execute(bearer(`token-${INTROSPECTED_MAX_TOKENS}`), {});
    expect(asked).toHaveLength(INTROSPECTED_MAX_TOKENS + 1);
    await authorize.execute(bearer('token-0'), {});
    expect(asked).toHaveLength(INTROSPECTED_MAX_TOKENS + 2);
  });

  it('answers 503 while the provider cannot be reached, and throws a refusal of the API itself', async () => {
    const down = introspecting(new Map(), () => {
      throw new IdentityWebError(ErrorCode.IdpUnavailable, 'token introspection failed: the provider timed out');
    });
    expect(refusal(await api(down.provider).execute(bearer('opaque-1'), {}))).toMatchObject({ status: 503 });
    const refused = introspecting(new Map(), () => {
      throw new IdentityWebError(ErrorCode.IdpError, 'token introspection failed: the provider refused the client');
    });
    await expect(api(refused.provider).execute(bearer('opaque-1'), {})).rejects.toMatchObject({ code: 'idp_error' });
  });

  it('takes a DPoP-bound token only with a proof of its key (RFC 9449 §6.2, §7)', async () => {
    const { provider } = introspecting(
      new Map([
        ['bound', active({ cnf: { jkt: key.jkt }, token_type: 'DPoP' })],
        ['typed-only', active({ token_type: 'DPoP' })],
      ]),
    );
    const authorize = api(provider);
    expect(refusal(await authorize.execute(bearer('bound'), {}))?.description).toBe('the token is DPoP-bound');
    expect(refusal(await authorize.execute(bearer('typed-only'), {}))?.description).toBe('the token is key-bound');
    const proved = request({ authorization: 'DPoP bound', dpop: await issuer.proof(key, 'bound', URL_) });
    expect(await authorize.execute(proved, {})).toMatchObject({ caller: { scheme: 'DPoP', boundKey: key.jkt } });
    const other = await proofKey();
    const wrongKey = request({ authorization: 'DPoP bound', dpop: await issuer.proof(other, 'bound', URL_) });
    expect(refusal(await authorize.execute(wrongKey, {}))?.description).toBe('invalid DPoP key binding');
  });

  it.each([
    [{ introspection: 'yes' }, 'introspection', 'must be true, false or an object'],
    [{ introspection: { cacheSeconds: 3601 } }, 'introspection.cacheSeconds', 'must be a whole number from 0 to 3600'],
    [{ introspection: { issuer: 'https://other.test' } }, 'introspection.issuer', "is not one of the API's providers"],
    [{ introspection: { cacheSecond: 5 } }, 'introspection.cacheSecond', 'did you mean'],
    [{ introspection: { endpoint: 'http://idp.test/introspect' } }, 'introspection.endpoint', 'must be an https URL'],
    [{ introspection: { withoutAudience: {} } }, 'introspection.withoutAudience', 'must name the "clients"'],
    [{ introspection: { withoutAudience: { clients: [] } } }, 'introspection.withoutAudience', 'must name the'],
    [{ introspection: { withoutAudience: { scope: 'a b' } } }, 'introspection.withoutAudience.scope', 'one scope'],
    [{ introspection: { withoutAudience: { client: ['x'] } } }, 'introspection.withoutAudience.client', 'did you mean'],
    [{ introspection: { subject: 'email' } }, 'introspection.subject', 'must be "sub" or "username"'],
  ])('refuses introspection options %j', (options, option, message) => {
    const { provider } = introspecting(new Map());
    expect(() => api(provider, options)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => api(provider, options)).toThrow(option);
    expect(() => api(provider, options)).toThrow(message);
  });

  it('refuses introspection without a provider that introspects, or with several and no issuer named', async () => {
    expect(() => api(issuer.provider)).toThrow('needs a provider that introspects tokens');
    const second = { ...introspecting(new Map()).provider, issuer: 'https://second.test' };
    const first = introspecting(new Map()).provider;
    const several = (introspection: unknown) =>
      new AuthorizeApiRequest(
        resolveApiSettings({
          identityProviders: [first, second] as never,
          audience: API_AUDIENCE,
          baseUrl: 'https://api.test',
          introspection: introspection as never,
        }),
      );
    expect(() => several(true)).toThrow('introspection.issuer');
    expect(() => several({ issuer: 'https://second.test' })).not.toThrow();
  });
});

describe('introspection answers as providers without "aud" or "sub" give them', () => {
  // Django OAuth Toolkit's answer: no aud, no sub, no iat, no jti.
  const terse = (claims: Record<string, unknown> = {}) => ({
    active: true,
    scope: 'orders.read',
    exp: seconds() + 600,
    client_id: 'web-app',
    username: 'ada',
    ...claims,
  });
  const execute = async (answer: Record<string, unknown>, introspection: Record<string, unknown>) => {
    const { provider } = introspecting(new Map([['opaque-1', answer]]));
    return api(provider, { introspection }).execute(bearer('opaque-1'), {});
  };

  it('refuses an answer without aud by default, and names the username-only user', async () => {
    expect(refusal(await execute(terse(), {}))?.description).toBe('the introspected token names no audience ("aud")');
    const withAud = terse({ aud: API_AUDIENCE });
    expect(refusal(await execute(withAud, {}))?.description).toBe(
      'the introspected token names its user by "username" only (no "sub")',
    );
    expect(await execute(withAud, { subject: 'username' })).toMatchObject({ caller: { subject: 'ada' } });
  });

  it('takes an answer without aud from a client the API names, with the user from username when asked', async () => {
    const rule = { withoutAudience: { clients: ['web-app'] }, subject: 'username' };
    expect(await execute(terse(), rule)).toMatchObject({ caller: { subject: 'ada', clientId: 'web-app' } });
    const other = await execute(terse({ client_id: 'other-app' }), rule);
    expect(refusal(other)).toMatchObject({
      status: 401,
      description: 'the introspected token names no audience ("aud") and its client is not one this API takes',
    });
  });

  it('takes an answer without aud by the scope that stands for the API; with both rules, it must meet both', async () => {
    const byScope = { withoutAudience: { scope: 'orders.read' }, subject: 'username' };
    expect(await execute(terse(), byScope)).toMatchObject({ caller: { subject: 'ada' } });
    expect(refusal(await execute(terse({ scope: 'billing.read' }), byScope))?.description).toBe(
      'the introspected token names no audience ("aud") and lacks the scope that stands for this API',
    );
    const both = { withoutAudience: { clients: ['web-app'], scope: 'orders.read' }, subject: 'username' };
    expect(await execute(terse(), both)).toHaveProperty('caller');
    expect(refusal(await execute(terse({ scope: 'billing.read' }), both))).toMatchObject({ status: 401 });
    expect(refusal(await execute(terse({ client_id: 'other-app' }), both))).toMatchObject({ status: 401 });
  });

  it('still refuses an answer whose aud names another API, whatever the rule', async () => {
    const rule = { withoutAudience: { clients: ['web-app'] }, subject: 'username' };
    expect(refusal(await execute(terse({ aud: 'api://other' }), rule))?.description).toBe(
      'the token\'s "aud" does not name this API',
    );
  });

  it('prefers sub to username, and takes a client credentials token (no user named) as the client', async () => {
    const rule = { withoutAudience: { clients: ['web-app'] }, subject: 'username' };
    expect(await execute(terse({ sub: 'user-1' }), rule)).toMatchObject({ caller: { subject: 'user-1' } });
    expect(await execute(terse({ username: undefined }), rule)).toMatchObject({ caller: { subject: 'web-app' } });
    expect(refusal(await execute(terse({ username: '' }), rule))?.description).toBe(
      'the token\'s "username" must be a non-empty string',
    );
  });

  it('asks the endpoint the API names', async () => {
    const endpoints: unknown[] = [];
    const provider = {
      ...issuer.provider,
      introspectAccessToken: async (_token: string, options?: { endpoint?: string }) => {
        endpoints.push(options?.endpoint);
        return { active: false };
      },
    };
    await api(provider, { introspection: { endpoint: 'https://idp.test/o/introspect/' } }).execute(bearer('x'), {});
    await api(provider, { introspection: true }).execute(bearer('y'), {});
    expect(endpoints).toEqual(['https://idp.test/o/introspect/', undefined]);
  });
});
