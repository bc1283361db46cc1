import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessTokenVerifier } from '../src/access-token-verifier.js';
import { type StandInIssuer, startStandInIssuer } from './support/stand-in-issuer.js';

// The replay memory of DPoP proofs (RFC 9449 §11.1): as long as a proof could pass, and bounded
// so that one client cannot crowd out the others.

const AUDIENCE = 'api://identity-web-demo';
const URL_ = 'https://api.example.com/whoami';

interface ProofKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
}

let issuer: string;
let issuerKey: CryptoKey;
let alice: ProofKey;
let mallory: ProofKey;

async function proofKey(): Promise<ProofKey> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

let stand: StandInIssuer;

beforeAll(async () => {
  stand = await startStandInIssuer();
  ({ issuer, key: issuerKey } = stand);
  [alice, mallory] = await Promise.all([proofKey(), proofKey()]);
});

afterAll(async () => {
  await stand?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const nowS = () => Math.floor(Date.now() / 1000);

function accessToken(key: ProofKey, sub: string, claims: JWTPayload = {}) {
  return new SignJWT({
    iss: issuer,
    aud: AUDIENCE,
    sub,
    client_id: 'koa-web-app',
    scope: 'api:read',
    jti: randomUUID(),
    iat: nowS(),
    exp: nowS() + 300,
    cnf: { jkt: key.jkt },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
    .sign(issuerKey);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

function proof(key: ProofKey, token: string, claims: JWTPayload = {}) {
  return new SignJWT({ jti: randomUUID(), htm: 'GET', htu: URL_, iat: nowS(), ath: ath(token), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);
}

const request = (token: string, dpop: string) => ({
  authorization: `DPoP ${token}`,
  dpop: [dpop],
  method: 'GET',
  url: URL_,
});

describe('the DPoP replay memory', () => {
  it('refuses a replayed proof for as long as jose accepts its iat (the last second of the window)', async () => {
    const verifier = new AccessTokenVerifier({ issuers: [issuer], audience: AUDIENCE, scopes: ['api:read'] });
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Math.floor(Date.now() / 1000) * 1000; // a whole second
    vi.setSystemTime(t0);
    const token = await accessToken(alice, 'alice');
    const dpop = await proof(alice, token); // iat = t0 / 1000
    expect(await verifier.verify(request(token, dpop))).toHaveProperty('caller');
    // 65.5 s later jose still takes it (it compares whole seconds): so must the memory remember it.
    vi.setSystemTime(t0 + 65_500);
    const replay = await verifier.verify(request(token, dpop));
    expect(replay).toHaveProperty('refusal');
  });

  it('one holder of a valid token cannot lock every other client out by filling the memory', async () => {
    const verifier = new AccessTokenVerifier({
      issuers: [issuer],
      audience: AUDIENCE,
      scopes: ['api:read'],
      maxRememberedProofs: 20, // a tenth of it per key: 2
    });
    const flood = await accessToken(mallory, 'mallory');
    for (let i = 0; i < 2; i++) {
      expect(await verifier.verify(request(flood, await proof(mallory, flood)))).toHaveProperty('caller');
    }
    // Past its share, that key is told to slow down; everyone else goes on.
    const more = await verifier.verify(request(flood, await proof(mallory, flood)));
    expect(more).toMatchObject({ refusal: { status: 429 } });
    const token = await accessToken(alice, 'alice');
    expect(await verifier.verify(request(token, await proof(alice, token)))).toHaveProperty('caller');
  });

  it("forgets a key's proofs once they can no longer pass, and takes new ones from it", async () => {
    const verifier = new AccessTokenVerifier({
      issuers: [issuer],
      audience: AUDIENCE,
      scopes: ['api:read'],
      maxRememberedProofs: 10, // one per key
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    vi.setSystemTime(t0);
    const token = await accessToken(alice, 'alice', { exp: t0 / 1000 + 3600 });
    expect(await verifier.verify(request(token, await proof(alice, token)))).toHaveProperty('caller');
    expect(await verifier.verify(request(token, await proof(alice, token)))).toMatchObject({
      refusal: { status: 429 },
    });
    vi.setSystemTime(t0 + 66_000);
    expect(await verifier.verify(request(token, await proof(alice, token)))).toHaveProperty('caller');
  });
});
