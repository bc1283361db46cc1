import { createHash, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { WebHttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi } from '@identity-web/core/api';
import { systemClock } from '@identity-web/core/provider';
import { MemoryReplayCache } from '@identity-web/core/store';
import { createOidcApiProvider } from '@identity-web/oidc';
import {
  base64url,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DownstreamApi, startDownstreamApi } from '../src/index.js';
import { type StandInIssuer, startStandInIssuer } from './support/stand-in-issuer.js';

// RFC 9449 at the API: DPoP-bound access tokens (`cnf.jkt`) and the proofs that come with them.
// The tokens come from a stand-in issuer on 127.0.0.1 (discovery and JWKS), as in
// downstream-api.test.ts; the proofs are made here with jose, as a client makes them.

const AUDIENCE = 'api://identity-web-demo';
const REALM = 'realm="identity-web-demo-api"';
const ALGS = 'algs="ES256 PS256 EdDSA RS256"';

/** A client's DPoP key: the private half signs proofs, the public JWK goes in their header. */
interface ProofKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
  readonly alg: string;
}

let issuer: string;
let issuerKey: CryptoKey;
let client: ProofKey;
let thief: ProofKey;
let api: DownstreamApi;

async function proofKey(alg: string): Promise<ProofKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk), alg };
}

let stand: StandInIssuer;

beforeAll(async () => {
  stand = await startStandInIssuer();
  ({ issuer, key: issuerKey } = stand);
  [client, thief] = await Promise.all([proofKey('ES256'), proofKey('ES256')]);
  api = await startDownstreamApi({ issuer, audience: AUDIENCE });
});

afterAll(async () => {
  await api?.close();
  await stand?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const now = () => Math.floor(Date.now() / 1000);

/** An access token of the issuer, bound to the client's key unless `cnf` says otherwise. */
function accessToken(claims: JWTPayload = {}) {
  return new SignJWT({
    iss: issuer,
    aud: AUDIENCE,
    sub: 'alice',
    client_id: 'koa-web-app',
    scope: 'api:read',
    jti: randomUUID(),
    iat: now(),
    exp: now() + 300,
    cnf: { jkt: client.jkt },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
    .sign(issuerKey);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

interface ProofOptions {
  readonly key?: ProofKey;
  readonly header?: Record<string, unknown>;
  readonly claims?: JWTPayload;
  readonly url?: string;
}

/** A DPoP proof (RFC 9449 §4.2) for `GET <url>` with `token`; each part can be changed. */
function proof(token: string, { key = client, header = {}, claims = {}, url = api.whoamiUrl }: ProofOptions = {}) {
  return new SignJWT({ jti: randomUUID(), htm: 'GET', htu: url, iat: now(), ath: ath(token), ...claims })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

interface Answer {
  readonly status: number;
  readonly challenge: string | null;
  readonly nonce: string | null;
  readonly body: unknown;
}

async function call(target: DownstreamApi, headers: Record<string, string>, path = '/whoami'): Promise<Answer> {
  const response = await fetch(`${target.url}${path}`, { headers });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    nonce: response.headers.get('dpop-nonce'),
    body: await response.json(),
  };
}

const dpopCall = (target: DownstreamApi, token: string, dpop: string, path?: string) =>
  call(target, { authorization: `DPoP ${token}`, dpop }, path);

/** A 401 of RFC 9449 §7.1: a DPoP challenge with its error, a description and the algs. */
function expectDpopRefusal(answer: Answer, error: string, description: RegExp) {
  expect(answer.status).toBe(401);
  expect(answer.challenge).toMatch(new RegExp(`^DPoP ${REALM}, error="${error}", error_description="[^"]+", ${ALGS}$`));
  expect(answer.challenge).toMatch(description);
}

describe('DPoP-bound access tokens (RFC 9449)', () => {
  it('answers who called to a bound token sent with the DPoP scheme and a proof of its key', async () => {
    const token = await accessToken();
    const answer = await dpopCall(api, token, await proof(token));
    expect(answer).toEqual({
      status: 200,
      challenge: null,
      nonce: null, // nonces are off by default
      body: { sub: 'alice', scope: 'api:read', client_id: 'koa-web-app' },
    });
    // The scheme is case-insensitive (RFC 9110 §11.1).
    const lower = await call(api, { authorization: `dpop ${token}`, dpop: await proof(token) });
    expect(lower.status).toBe(200);
  });

  it('refuses a DPoP-bound token sent as Bearer, even with a valid proof alongside (§7.2)', async () => {
    const token = await accessToken();
    const answer = await call(api, { authorization: `Bearer ${token}`, dpop: await proof(token) });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe(
      `Bearer ${REALM}, error="invalid_token", error_description="the token is DPoP-bound"`,
    );
  });

  it('refuses a token that is not bound (no cnf) sent with the DPoP scheme', async () => {
    const token = await accessToken({ cnf: undefined });
    expectDpopRefusal(await dpopCall(api, token, await proof(token)), 'invalid_token', /the token is not DPoP-bound/);
  });

  it('refuses a token bound to a certificate too (cnf x5t#S256): a binding the API cannot check', async () => {
    const token = await accessToken({
      cnf: { jkt: client.jkt, 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' },
    });
    const answer = await dpopCall(api, token, await proof(token));
    expectDpopRefusal(answer, 'invalid_token', /a binding this API cannot check/);
  });

  it('refuses a bound token with a proof signed by another key (jkt mismatch, §4.3 point 12)', async () => {
    const token = await accessToken();
    const answer = await dpopCall(api, token, await proof(token, { key: thief }));
    expectDpopRefusal(answer, 'invalid_token', /invalid DPoP key binding/);
  });

  it('refuses a replayed proof: the same jti twice (§11.1)', async () => {
    const token = await accessToken();
    const once = await proof(token);
    expect((await dpopCall(api, token, once)).status).toBe(200);
    expectDpopRefusal(await dpopCall(api, token, once), 'invalid_dpop_proof', /replayed/);
  });

  let es384: ProofKey; // a key of an asymmetric algorithm the API does not accept
  beforeAll(async () => {
    es384 = await proofKey('ES384');
  });

  const privateJwk = async () => ({ ...client.jwk, d: (await exportJWK(client.privateKey)).d });
  const hmacKey = { kty: 'oct', k: base64url.encode('a-shared-secret-a-shared-secret-') };
  const unsigned = (token: string) => {
    const part = (value: unknown) => base64url.encode(JSON.stringify(value));
    const header = { alg: 'none', typ: 'dpop+jwt', jwk: client.jwk };
    return `${part(header)}.${part({ jti: randomUUID(), htm: 'GET', htu: api.whoamiUrl, iat: now(), ath: ath(token) })}.`;
  };

  // Each proof breaks one rule of RFC 9449 §4.3 and is otherwise good: the token is bound to the
  // key that signs it.
  type BrokenProof = [string, (token: string) => Promise<string> | string, RegExp, (() => ProofKey)?];
  it.each<BrokenProof>([
    ['htm another method (point 8)', (t) => proof(t, { claims: { htm: 'POST' } }), /htm is not/],
    [
      'htm in lower case: methods are case-sensitive (point 8)',
      (t) => proof(t, { claims: { htm: 'get' } }),
      /htm is not/,
    ],
    ['htu another path (point 9)', (t) => proof(t, { url: `${api.url}/admin` }), /htu is not/],
    ['htu another origin (point 9)', (t) => proof(t, { url: 'http://127.0.0.1:1/whoami' }), /htu is not/],
    ['no ath (point 12)', (t) => proof(t, { claims: { ath: undefined } }), /ath is not/],
    ['the ath of another token (point 12)', (t) => proof(t, { claims: { ath: ath(`${t}x`) } }), /ath is not/],
    ['typ JWT (point 4)', (t) => proof(t, { header: { typ: 'JWT' } }), /typ that is not dpop\+jwt/],
    [
      'a private key in jwk (point 7)',
      async (t) => proof(t, { header: { jwk: await privateJwk() } }),
      /holds a private key/,
    ],
    ['alg ES384, not accepted (point 5)', (t) => proof(t, { key: es384 }), /alg that is not allowed/, () => es384],
    [
      'iat two minutes old (point 11)',
      (t) => proof(t, { claims: { iat: now() - 120 } }),
      /failed the iat check \(check_failed\)/,
    ],
    [
      'iat a minute ahead (point 11)',
      (t) => proof(t, { claims: { iat: now() + 60 } }),
      /failed the iat check \(check_failed\)/,
    ],
    ['no jti (point 3)', (t) => proof(t, { claims: { jti: undefined } }), /failed the jti check \(missing\)/],
    ['a jti that is no string (point 3)', (t) => proof(t, { claims: { jti: 7 } as never }), /jti must be a string/],
    ['no JWT at all (point 2)', () => 'not-a-jwt', /is not a well-formed JWS/],
  ])('refuses a proof with %s: 401 invalid_dpop_proof', async (_, make, description, boundTo = () => client) => {
    const token = await accessToken({ cnf: { jkt: boundTo().jkt } });
    expectDpopRefusal(await dpopCall(api, token, await make(token)), 'invalid_dpop_proof', description);
  });

  it('refuses a proof signed with a shared secret (HS256), or not signed (none) (point 5)', async () => {
    const hmacToken = await accessToken({ cnf: { jkt: await calculateJwkThumbprint(hmacKey) } });
    const hs256 = await new SignJWT({
      jti: randomUUID(),
      htm: 'GET',
      htu: api.whoamiUrl,
      iat: now(),
      ath: ath(hmacToken),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: hmacKey })
      .sign(base64url.decode(hmacKey.k));
    expectDpopRefusal(await dpopCall(api, hmacToken, hs256), 'invalid_dpop_proof', /alg that is not allowed/);
    const token = await accessToken();
    expectDpopRefusal(await dpopCall(api, token, unsigned(token)), 'invalid_dpop_proof', /alg that is not allowed/);
  });

  it('refuses the DPoP scheme without a DPoP header, or with two (point 1)', async () => {
    const token = await accessToken();
    const none = await call(api, { authorization: `DPoP ${token}` });
    expectDpopRefusal(none, 'invalid_dpop_proof', /needs a DPoP proof/);
    const [first, second] = await Promise.all([proof(token), proof(token)]);
    const two = await rawGet(api.whoamiUrl, ['authorization', `DPoP ${token}`, 'dpop', first, 'dpop', second]);
    expectDpopRefusal(two, 'invalid_dpop_proof', /exactly one DPoP header/);
  });

  it('compares htu without query and fragment, after normalisation (point 9)', async () => {
    const token = await accessToken();
    const htu = api.whoamiUrl.replace('http://', 'HTTP://').replace('/whoami', '/./wh%6Fami#top');
    const answer = await dpopCall(api, token, await proof(token, { url: htu }), '/whoami?page=2');
    expect(answer.status).toBe(200);
  });

  it('answers 403 insufficient_scope in the DPoP scheme, naming the scopes it needs', async () => {
    const token = await accessToken({ scope: 'openid profile' });
    const answer = await dpopCall(api, token, await proof(token));
    expect(answer.status).toBe(403);
    expect(answer.challenge).toMatch(/^DPoP realm="identity-web-demo-api", error="insufficient_scope"/);
    expect(answer.challenge).toContain('scope="api:read api:write"');
  });

  it('accepts an unbound Bearer token, ignoring a DPoP header sent along', async () => {
    const token = await accessToken({ cnf: undefined });
    const answer = await call(api, { authorization: `Bearer ${token}`, dpop: 'not-a-jwt' });
    expect(answer).toMatchObject({ status: 200, challenge: null, body: { sub: 'alice' } });
  });
});

describe('the downstream API with requireDpop', () => {
  let strict: DownstreamApi;
  beforeAll(async () => {
    strict = await startDownstreamApi({ issuer, audience: AUDIENCE, requireDpop: true });
  });
  afterAll(() => strict?.close());

  it('refuses a Bearer token with a DPoP challenge and no error code (RFC 6750 §3.1)', async () => {
    const answer = await call(strict, { authorization: `Bearer ${await accessToken({ cnf: undefined })}` });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toBe(`DPoP ${REALM}, ${ALGS}`);
  });

  it('asks for DPoP only when no token came, and accepts a DPoP-bound token with its proof', async () => {
    const none = await call(strict, {});
    expect(none.status).toBe(401);
    expect(none.challenge).toBe(`DPoP ${REALM}, ${ALGS}`);
    const token = await accessToken();
    expect((await dpopCall(strict, token, await proof(token, { url: strict.whoamiUrl }))).status).toBe(200);
  });
});

describe('the downstream API with dpopNonce (RFC 9449 §9)', () => {
  let nonced: DownstreamApi;
  beforeAll(async () => {
    nonced = await startDownstreamApi({ issuer, audience: AUDIENCE, dpopNonce: true });
  });
  afterAll(() => nonced?.close());

  const proofFor = (token: string, claims: JWTPayload = {}) => proof(token, { url: nonced.whoamiUrl, claims });

  it('answers a proof without nonce with 401 use_dpop_nonce and a nonce, then accepts a proof with it', async () => {
    const token = await accessToken();
    const first = await dpopCall(nonced, token, await proofFor(token));
    expectDpopRefusal(first, 'use_dpop_nonce', /requires a nonce/);
    expect(first.nonce).toMatch(/^[\w-]{43}$/);
    const retry = await dpopCall(nonced, token, await proofFor(token, { nonce: first.nonce! }));
    expect(retry).toMatchObject({ status: 200, body: { sub: 'alice' } });
    expect(retry.nonce).toMatch(/^[\w-]{43}$/);
  });

  it('refuses a made-up nonce', async () => {
    const token = await accessToken();
    const answer = await dpopCall(nonced, token, await proofFor(token, { nonce: 'made-up' }));
    expectDpopRefusal(answer, 'use_dpop_nonce', /requires a nonce/);
    expect(answer.nonce).not.toBeNull();
  });

  it('accepts a nonce during its window and the next one, not later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await accessToken({ exp: now() + 3600 });
    const { nonce } = await call(nonced, {});
    vi.setSystemTime(Date.now() + 60_000); // the next window
    expect((await dpopCall(nonced, token, await proofFor(token, { nonce: nonce! }))).status).toBe(200);
    vi.setSystemTime(Date.now() + 60_000); // two windows later
    const late = await dpopCall(nonced, token, await proofFor(token, { nonce: nonce! }));
    expectDpopRefusal(late, 'use_dpop_nonce', /requires a nonce/);
    expect(late.nonce).not.toBe(nonce);
  });
});

describe('the proofs an API remembers (RFC 9449 §11.1)', () => {
  const url = 'https://api.example/whoami';
  const protectedApi = (replayCache?: MemoryReplayCache) =>
    createIdentityWebApi({
      identityProvider: createOidcApiProvider({ issuer, clientId: 'downstream-api', allowInsecureRequests: true }),
      audience: AUDIENCE,
      baseUrl: 'https://api.example',
      ...(replayCache && { replayCache }),
    }).guard({ scopes: ['api:read'] });
  const request = (token: string, dpop: string, target = url) =>
    new WebHttpRequest(
      new Request(target, { headers: { authorization: `DPoP ${token}`, dpop } }),
      'https://api.example',
    );

  it('refuses a replay on another instance that shares the replay memory, and only then', async () => {
    const shared = new MemoryReplayCache(systemClock);
    const [one, two] = [protectedApi(shared), protectedApi(shared)];
    const token = await accessToken();
    const dpop = await proof(token, { url });
    expect(await one(request(token, dpop))).toHaveProperty('caller.subject', 'alice');
    const replay = await two(request(token, dpop));
    expect(replay.caller).toBeNull();
    expect(replay).toHaveProperty('answer.status', 401);
    expect(replay).toHaveProperty('answer.headers.www-authenticate', expect.stringMatching(/replayed/));
    // Each instance with a memory of its own: the same replay passes at a second one.
    const again = await proof(token, { url });
    expect(await protectedApi()(request(token, again))).toHaveProperty('caller.subject', 'alice');
    expect(await protectedApi()(request(token, again))).toHaveProperty('caller.subject', 'alice');
  });

  it('refuses a replayed proof for as long as its iat passes (the last second of the window)', async () => {
    const guard = protectedApi();
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Math.floor(Date.now() / 1000) * 1000; // a whole second
    vi.setSystemTime(t0);
    const token = await accessToken({ exp: t0 / 1000 + 3600 });
    const dpop = await proof(token, { url });
    expect(await guard(request(token, dpop))).toHaveProperty('caller.subject', 'alice');
    // 65.5 s later the iat check still takes it (whole seconds): so must the memory remember it.
    vi.setSystemTime(t0 + 65_500);
    expect(await guard(request(token, dpop))).toHaveProperty('answer.status', 401);
  });

  it('drops the default port and lower-cases scheme and host before comparing htu', async () => {
    const token = await accessToken();
    const verdict = await protectedApi()(request(token, await proof(token, { url: 'HTTPS://API.Example:443/whoami' })));
    expect(verdict).toHaveProperty('caller.subject', 'alice');
  });
});

/**
 * GET with raw headers, so that a header can be repeated (fetch would join them into one). Node
 * adds no `Host` to raw headers: it is added here.
 */
function rawGet(url: string, headers: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: ['host', new URL(url).host, ...headers] }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          challenge: res.headers['www-authenticate'] ?? null,
          nonce: (res.headers['dpop-nonce'] as string | undefined) ?? null,
          body: JSON.parse(body),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
