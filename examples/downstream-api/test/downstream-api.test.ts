import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DownstreamApi, startDownstreamApi } from '../src/index.js';
import { type StandInIssuer, startStandInIssuer } from './support/stand-in-issuer.js';

const AUDIENCE = 'api://identity-web-demo';

// A stand-in issuer on 127.0.0.1: discovery and JWKS, nothing else.
let stand: StandInIssuer;
let issuer: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let api: DownstreamApi;

beforeAll(async () => {
  stand = await startStandInIssuer();
  ({ issuer, key } = stand);
  otherKey = (await generateKeyPair('RS256')).privateKey;
  api = await startDownstreamApi({ issuer, audience: AUDIENCE });
});

afterAll(async () => {
  await api?.close();
  await stand?.close();
});

const now = () => Math.floor(Date.now() / 1000);

function token(claims: JWTPayload = {}, header: { typ?: string; kid?: string } = {}, signer = key) {
  return new SignJWT({
    iss: issuer,
    aud: AUDIENCE,
    sub: 'alice',
    client_id: 'koa-web-app',
    scope: 'api:read',
    jti: 'jti-1',
    iat: now(),
    exp: now() + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: header.typ ?? 'at+jwt', kid: header.kid ?? 'k1' })
    .sign(signer);
}

async function call(authorization?: string, init: RequestInit = {}) {
  const headers = authorization === undefined ? undefined : { authorization };
  const response = await fetch(api.whoamiUrl, { ...init, ...(headers && { headers }) });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() };
}

describe('the downstream API', () => {
  it('answers who called: the user, the granted scope and the app', async () => {
    const answer = await call(`Bearer ${await token({ scope: 'api:read api:write' })}`);
    expect(answer).toEqual({
      status: 200,
      challenge: null,
      body: { sub: 'alice', scope: 'api:read api:write', client_id: 'koa-web-app' },
    });
  });

  it('asks for a token, without an error code, in each scheme it accepts, when none came (RFC 6750 §3.1)', async () => {
    const answer = await call();
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe(
      'Bearer realm="identity-web-demo-api", DPoP realm="identity-web-demo-api", algs="ES256 PS256 EdDSA RS256"',
    );
  });

  it('answers another authentication scheme with the challenges of its own, no error (RFC 6750 §3.1)', async () => {
    const answer = await call('Basic YWxpY2U6c2VjcmV0');
    expect(answer.status).toBe(401);
    expect(answer.challenge).toMatch(
      /^Bearer realm="identity-web-demo-api", DPoP realm="identity-web-demo-api", algs=/,
    );
    expect((await call('Bearer a b')).challenge).toMatch(
      /^Bearer realm="identity-web-demo-api", error="invalid_request"/,
    );
  });

  it.each([
    ['another audience', () => token({ aud: 'api://another' }), /aud does not name this API/],
    ['another issuer', () => token({ iss: 'http://127.0.0.1:1' }), /iss is not a trusted issuer/],
    ['an expired token', () => token({ iat: now() - 900, exp: now() - 600 }), /has expired/],
    ['an ID token (typ JWT)', () => token({}, { typ: 'JWT' }), /typ must be at\+jwt/],
    ['no client_id', () => token({ client_id: undefined }), /no client_id claim/],
    ['a key the issuer does not publish', () => token({}, { kid: 'k1' }, otherKey), /signature/],
    ['an unknown key id', () => token({}, { kid: 'k9' }, otherKey), /no key of the provider/],
  ])('refuses %s with 401 invalid_token, saying which check failed', async (_, make, description) => {
    const answer = await call(`Bearer ${await make()}`);
    expect(answer.status).toBe(401);
    expect(answer.challenge).toMatch(/error="invalid_token", error_description="[^"]+"/);
    // RFC 6750 §3: no quote or backslash inside error_description, so jose's quotes are dropped.
    expect(answer.challenge).toMatch(description);
  });

  it('refuses a token signed with a shared secret (HS256): asymmetric algorithms only', async () => {
    const hs = await new SignJWT({ iss: issuer, aud: AUDIENCE, sub: 'alice', client_id: 'x', jti: 'j' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-a-shared-secret-'));
    expect((await call(`Bearer ${hs}`)).status).toBe(401);
  });

  it('answers 403 insufficient_scope, naming the scopes it needs, to a token without them', async () => {
    const answer = await call(`Bearer ${await token({ scope: 'openid profile' })}`);
    expect(answer.status).toBe(403);
    expect(answer.challenge).toContain('error="insufficient_scope"');
    expect(answer.challenge).toContain('scope="api:read api:write"');
  });

  it('serves /whoami to GET only, and nothing else', async () => {
    expect((await call(undefined, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${api.url}/admin`)).status).toBe(404);
  });

  it('answers 503 while the issuer cannot be reached', async () => {
    const lonely = await startDownstreamApi({ issuer: 'http://127.0.0.1:9', audience: AUDIENCE });
    try {
      const lonelyToken = await token({ iss: 'http://127.0.0.1:9' });
      const response = await fetch(lonely.whoamiUrl, { headers: { authorization: `Bearer ${lonelyToken}` } });
      expect(response.status).toBe(503);
    } finally {
      await lonely.close();
    }
  });
});

// Two stand-in issuers, each with its own key: the API trusts both (`issuers`).
describe('the downstream API with several issuers', () => {
  let partnerIssuer: StandInIssuer;
  let partner: string;
  let partnerKey: CryptoKey;
  let both: DownstreamApi;

  beforeAll(async () => {
    partnerIssuer = await startStandInIssuer({ path: '/realms/partner', kid: 'p1' });
    ({ issuer: partner, key: partnerKey } = partnerIssuer);
    both = await startDownstreamApi({ issuers: [issuer, partner], audience: AUDIENCE });
  });

  afterAll(async () => {
    await both?.close();
    await partnerIssuer?.close();
  });

  function partnerToken(claims: JWTPayload = {}, signer = partnerKey, kid = 'p1') {
    return new SignJWT({
      iss: partner,
      aud: AUDIENCE,
      sub: 'bob',
      client_id: 'koa-web-app',
      scope: 'api:read',
      jti: 'jti-2',
      iat: now(),
      exp: now() + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(signer);
  }

  async function callBoth(token: string) {
    const response = await fetch(both.whoamiUrl, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: await response.json(),
    };
  }

  it("accepts each issuer's tokens, verified with that issuer's keys", async () => {
    expect(await callBoth(await token())).toMatchObject({ status: 200, body: { sub: 'alice' } });
    expect(await callBoth(await partnerToken())).toMatchObject({
      status: 200,
      body: { sub: 'bob', scope: 'api:read', client_id: 'koa-web-app' },
    });
  });

  it("refuses a token whose iss names one issuer and that the other issuer's key signed", async () => {
    // The partner's key, the first issuer's name (and key id): the first issuer's keys do not verify it.
    const forged = await partnerToken({ iss: issuer }, partnerKey, 'k1');
    const answer = await callBoth(forged);
    expect(answer.status).toBe(401);
    expect(answer.challenge).toMatch(/error="invalid_token", error_description="[^"]*signature/);
    // And the other way round: the first issuer's key, the partner's name.
    const reverse = await callBoth(await partnerToken({}, key, 'p1'));
    expect(reverse.status).toBe(401);
    expect(reverse.challenge).toMatch(/error_description="[^"]*signature/);
  });

  it('refuses a token of an issuer it does not trust, before fetching anything of it', async () => {
    const answer = await callBoth(await partnerToken({ iss: 'http://127.0.0.1:9' }));
    expect(answer.status).toBe(401);
    expect(answer.challenge).toMatch(/error_description="the token.s iss is not a trusted issuer"/);
  });

  it.each([
    [{}, /set one of "issuer" and "issuers"/],
    [{ issuer: 'http://127.0.0.1:9', issuers: ['http://127.0.0.1:9'] }, /set one of "issuer" and "issuers"/],
    [{ issuers: [] }, /"issuers" must be a non-empty list/],
    [{ issuers: ['http://127.0.0.1:9', 'ftp://idp'] }, /"issuers\[1\]" must be an absolute http\(s\) URL/],
    [{ issuer: 'not a url' }, /"issuer" must be an absolute http\(s\) URL/],
  ])('refuses the options %j', async (options, message) => {
    await expect(startDownstreamApi(options)).rejects.toThrow(message);
  });
});
