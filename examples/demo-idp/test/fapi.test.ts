import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resignWithoutExp } from '../src/back-channel-delivery.js';
import { type DemoClientPrivateJwk, type DemoIdp, type DemoIdpOptions, startDemoIdp } from '../src/index.js';
import { KOA_AUTHORIZATION } from './support/authorization.js';
import { Browser } from './support/browser.js';

// The demo IdP as a FAPI 2.0 authorization server, driven by hand (node:crypto and fetch, no
// client library): a pushed authorization request authenticated with private_key_jwt, the dev
// login and consent, then the code redeemed with a DPoP proof, answering the server's nonce.

const koa = { clientId: 'koa-web-app', baseUrl: 'http://localhost:4002' };
const SCOPE = 'openid profile offline_access api:read';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment = '') => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const now = () => Math.floor(Date.now() / 1000);

/** A compact JWS, ES256 (the raw r || s signature of RFC 7518 §3.4). */
function es256(header: object, payload: object, key: KeyObject): string {
  const input = `${part({ alg: 'ES256', ...header })}.${part(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function jwtParts(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = jwt.split('.');
  return { header: decode(header), payload: decode(payload) };
}

/** RFC 7523 client assertion; `aud` defaults to the issuer identifier, as FAPI 2.0 requires. */
function clientAssertion(idp: DemoIdp, key: DemoClientPrivateJwk, aud = idp.issuer): Record<string, string> {
  const t = now();
  const claims = {
    iss: koa.clientId,
    sub: koa.clientId,
    aud,
    jti: randomBytes(16).toString('hex'),
    iat: t,
    nbf: t,
    exp: t + 60,
  };
  return {
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: es256({ kid: key.kid, typ: 'JWT' }, claims, createPrivateKey({ key, format: 'jwk' })),
  };
}

/** The app's DPoP key (RFC 9449): a proof per request, and the thumbprint tokens get bound to. */
function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  const jwk = { kty, crv, x, y };
  // RFC 7638: the required members, in lexicographic order.
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  const proof = (htm: string, htu: string, nonce?: string) =>
    es256(
      { typ: 'dpop+jwt', jwk },
      { jti: randomBytes(16).toString('hex'), htm, htu, iat: now(), ...(nonce === undefined ? {} : { nonce }) },
      privateKey,
    );
  return { thumbprint, proof };
}

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(form) });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('startDemoIdp({ fapi: true }): a FAPI 2.0 authorization server', () => {
  let idp: DemoIdp;
  let metadata: Record<string, unknown>;
  let key: DemoClientPrivateJwk;
  beforeAll(async () => {
    idp = await startDemoIdp({ clients: [koa], fapi: true });
    metadata = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    key = idp.clients[0]?.privateKey as DemoClientPrivateJwk;
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('says so in its discovery document: PAR required, DPoP, private_key_jwt, RFC 9207 iss', () => {
    expect(metadata).toMatchObject({
      pushed_authorization_request_endpoint: `${idp.issuer}/request`,
      require_pushed_authorization_requests: true,
      dpop_signing_alg_values_supported: expect.arrayContaining(['ES256']),
      authorization_response_iss_parameter_supported: true,
      token_endpoint_auth_methods_supported: expect.arrayContaining(['private_key_jwt']),
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('signs with an EC P-256 key (ES256) beside the RSA one', async () => {
    const jwks = await (await fetch(String(metadata.jwks_uri))).json();
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', kid: expect.stringMatching(/^demo-[\w-]{8}$/) }),
      expect.objectContaining({
        kty: 'EC',
        crv: 'P-256',
        alg: 'ES256',
        kid: expect.stringMatching(/^demo-es256-[\w-]{8}$/),
      }),
    ]);
    for (const jwk of jwks.keys) expect(jwk).not.toHaveProperty('d');
  });

  it('makes every client a key pair for private_key_jwt, new on every run, and no secret', async () => {
    const [client] = idp.clients;
    expect(client).toMatchObject({ clientId: 'koa-web-app', clientAuth: 'private_key_jwt', clientSecret: undefined });
    expect(key).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.stringMatching(/^koa-web-app-/),
    });
    expect(key.d).toMatch(/^[\w-]{43}$/);
    // The private JWK is a usable key whose public half is the one registered.
    expect(createPublicKey(createPrivateKey({ key, format: 'jwk' })).export({ format: 'jwk' })).toMatchObject({
      x: key.x,
      y: key.y,
    });
    const other = await startDemoIdp({ clients: [koa], fapi: true });
    try {
      expect(other.clients[0]?.privateKey?.kid).not.toBe(key.kid);
      expect(other.clients[0]?.privateKey?.d).not.toBe(key.d);
    } finally {
      await other.close();
    }
  });

  it('answers an authorization request that was not pushed with an error to the app', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams(KOA_AUTHORIZATION).toString();
    const response = await fetch(url, { redirect: 'manual' });
    // The client and its redirect URI are known, so the error goes back to the app (RFC 6749 §4.1.2.1).
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toBe('Pushed Authorization Request must be used');
  });

  it("refuses a client assertion whose aud is the token endpoint, not the issuer (oidc-provider's FAPI 2.0 rule)", async () => {
    const pushed = await post(`${idp.issuer}/request`, {
      ...KOA_AUTHORIZATION,
      ...clientAssertion(idp, key, `${idp.issuer}/token`),
    });
    expect(pushed).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('signs in through PAR, then redeems the code with private_key_jwt and a DPoP proof after the nonce challenge', async () => {
    const redirectUri = idp.clients[0]?.redirectUris[0] ?? '';
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(8).toString('hex');
    const pushed = await post(String(metadata.pushed_authorization_request_endpoint), {
      client_id: koa.clientId,
      response_type: 'code',
      scope: SCOPE,
      redirect_uri: redirectUri,
      state,
      nonce: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...clientAssertion(idp, key),
    });
    expect(pushed.status).toBe(201);
    expect(pushed.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    // The browser carries only the client id and the request URI.
    const start = new URL(String(metadata.authorization_endpoint));
    start.search = new URLSearchParams({
      client_id: koa.clientId,
      request_uri: String(pushed.body.request_uri),
    }).toString();
    const { url: callback } = await new Browser('alice.smith').navigate(start, redirectUri);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer); // RFC 9207
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code') ?? '';

    const tokenEndpoint = String(metadata.token_endpoint);
    const dpop = dpopKey();
    const redeem = (nonce?: string) =>
      post(
        tokenEndpoint,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          ...clientAssertion(idp, key),
        },
        { dpop: dpop.proof('POST', tokenEndpoint, nonce) },
      );
    const challenged = await redeem();
    expect(challenged).toMatchObject({ status: 400, body: { error: 'use_dpop_nonce' } });
    const nonce = challenged.headers.get('dpop-nonce') ?? '';
    expect(nonce).not.toBe('');
    const tokens = await redeem(nonce);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'DPoP', scope: expect.stringContaining('api:read') });

    // The API's token: an RFC 9068 JWT, ES256, bound to the DPoP key.
    const access = jwtParts(String(tokens.body.access_token));
    expect(access.header).toMatchObject({ typ: 'at+jwt', alg: 'ES256', kid: expect.stringMatching(/^demo-es256-/) });
    expect(access.payload).toMatchObject({
      iss: idp.issuer,
      aud: idp.api.resource,
      client_id: koa.clientId,
      sub: 'alice.smith',
      cnf: { jkt: dpop.thumbprint },
    });
    const idToken = jwtParts(String(tokens.body.id_token));
    expect(idToken.header).toMatchObject({ alg: 'ES256', kid: expect.stringMatching(/^demo-es256-/) });
    expect(idToken.payload).toMatchObject({ sub: 'alice.smith', aud: koa.clientId, name: 'Alice Smith' });

    // A refresh needs a proof too (the client's tokens are DPoP-bound), with the latest nonce.
    const refreshNonce = tokens.headers.get('dpop-nonce') ?? nonce;
    const refreshed = await post(
      tokenEndpoint,
      { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token), ...clientAssertion(idp, key) },
      { dpop: dpop.proof('POST', tokenEndpoint, refreshNonce) },
    );
    expect(refreshed.status).toBe(200);
    expect(jwtParts(String(refreshed.body.access_token)).payload).toMatchObject({ cnf: { jkt: dpop.thumbprint } });
  });

  it('re-signs logout tokens without exp (interop.logoutTokensWithoutExp) with its EC key, ES256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = es256({ typ: 'logout+jwt', kid: 'demo-es256' }, { iss: 'i', sid: 's', exp: now() + 60 }, privateKey);
    const resigned = resignWithoutExp(token, privateKey);
    const [header = '', payload = '', signature = ''] = resigned.split('.');
    expect(decode(header)).toMatchObject({ alg: 'ES256' });
    expect(decode(payload)).toEqual({ iss: 'i', sid: 's' });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });
});

describe('startDemoIdp({ fapi: true }) options', () => {
  it.each([
    [
      { clients: [{ ...koa, clientSecret: 'a-client-secret-of-at-least-32-characters' }], fapi: true },
      /"clients\[0\]\.clientSecret" must be left out with "fapi"/,
    ],
    [
      { clients: [{ ...koa, clientAuth: 'client_secret_jwt' as const }], fapi: true },
      /"clients\[0\]\.clientAuth" must be left out with "fapi"/,
    ],
    [{ clients: [koa], fapi: 'yes' as unknown as boolean }, /"fapi" must be true or false/],
  ])('refuses %j', async (options: DemoIdpOptions, message) => {
    await expect(startDemoIdp(options)).rejects.toThrow(message);
  });
});
