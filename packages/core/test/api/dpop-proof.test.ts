import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiRefusal } from '../../src/api/domain/api-refusal.js';
import {
  checkDpopProof,
  checkDpopProofWith,
  comparableHtu,
  MAX_PROOF_LENGTH,
  type ProofRequest,
  sha256,
} from '../../src/api/dpop/dpop-proof.js';
import { nodeProofVerifier } from '../../src/api/dpop/node-proof-verify.js';
import type { ProofVerifier } from '../../src/api/dpop/proof-rules.js';
import { webProofVerifier } from '../../src/api/dpop/web-proof-verify.js';

// RFC 9449 §4.3: each check of a proof on its own, with the words its refusal says, on both
// paths: node:crypto (Node) and jose on Web Crypto (the edge).

const nodeVerifier = nodeProofVerifier();
const VERIFIERS: readonly [string, ProofVerifier][] = [
  ['node:crypto', nodeVerifier!],
  ['jose on Web Crypto', webProofVerifier],
];

const NOW = Date.UTC(2026, 10, 27);
const URL_ = 'https://api.test/orders';
const TOKEN = 'the-access-token';
let key: { privateKey: CryptoKey; jwk: JWK; jkt: string };

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  key = { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
});

async function proof(claims: JWTPayload = {}, header: Record<string, unknown> = {}, signer?: CryptoKey) {
  return new SignJWT({ jti: 'p1', htm: 'GET', htu: URL_, iat: NOW / 1000, ath: await sha256(TOKEN), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(signer ?? key.privateKey);
}

let verifier: ProofVerifier;

const check = (proofs: string[], change: { method?: string; url?: string; now?: number } = {}) => {
  const request: ProofRequest = { proofs, method: 'GET', url: URL_, accessToken: TOKEN, now: NOW, ...change };
  return checkDpopProofWith(request, verifier);
};

async function refused(proofs: string[], change: { method?: string; url?: string; now?: number } = {}) {
  const error = await check(proofs, change).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiRefusal);
  expect(error).toMatchObject({ status: 401, error: 'invalid_dpop_proof' });
  return (error as ApiRefusal).description;
}

describe('checkDpopProof', () => {
  it('checks on node:crypto on Node', async () => {
    expect(nodeVerifier?.runtime).toBe('node:crypto');
    const verify = vi.spyOn(nodeVerifier!, 'verify');
    try {
      const request = { proofs: [await proof()], method: 'GET', url: URL_, accessToken: TOKEN, now: NOW };
      expect(await checkDpopProof(request)).toMatchObject({ jti: 'p1', jkt: key.jkt });
      expect(verify).toHaveBeenCalledOnce();
    } finally {
      verify.mockRestore();
    }
  });
});

describe.each(VERIFIERS)('checkDpopProof on %s', (_, chosen) => {
  beforeAll(() => {
    verifier = chosen;
  });

  it("gives the proof's jti, nonce and key thumbprint", async () => {
    expect(await check([await proof({ nonce: 'n1' })])).toEqual({
      jti: 'p1',
      nonce: 'n1',
      jkt: key.jkt,
      acceptedUntil: NOW + 66_000, // iat + 60 + 5 s, to the end of that last second
    });
  });

  it('accepts a proof until acceptedUntil and not at it, whatever its iat within the skew', async () => {
    for (const iat of [NOW / 1000 - 60, NOW / 1000, NOW / 1000 + 5]) {
      const made = await proof({ iat });
      const { acceptedUntil } = await check([made]);
      expect((await check([made], { now: acceptedUntil - 1 })).jti).toBe('p1');
      expect(await refused([made], { now: acceptedUntil })).toMatch(/"iat" check/);
    }
  });

  it('takes exactly one proof, of a bounded length', async () => {
    const one = await proof();
    expect(await refused([])).toBe('the DPoP scheme needs a DPoP proof in a DPoP header');
    expect(await refused([one, one])).toBe('exactly one DPoP header is allowed');
    expect(await refused(['x'.repeat(MAX_PROOF_LENGTH + 1)])).toBe('the DPoP proof is too long');
    expect(await refused(['x'.repeat(MAX_PROOF_LENGTH)])).toBe('the DPoP proof is not a well-formed JWS');
  });

  it('says which check of the JWS failed, in fixed words', async () => {
    expect(await refused([await proof({}, { typ: 'JWT' })])).toBe('the DPoP proof has a "typ" that is not "dpop+jwt"');
    const es384 = await generateKeyPair('ES384', { extractable: true });
    const other = await proof({}, { alg: 'ES384', jwk: await exportJWK(es384.publicKey) }, es384.privateKey);
    expect(await refused([other])).toBe('the DPoP proof has an "alg" that is not allowed');
    const stranger = await generateKeyPair('ES256');
    expect(await refused([await proof({}, {}, stranger.privateKey)])).toBe(
      'the DPoP proof has a signature that does not verify with its jwk',
    );
    expect(await refused([await proof({ jti: undefined })])).toBe('the DPoP proof failed the "jti" check (missing)');
    expect(await refused([await proof({ iat: NOW / 1000 - 66 })])).toBe(
      'the DPoP proof failed the "iat" check (check_failed)',
    );
    expect(await refused([await proof({ iat: NOW / 1000 + 6 })])).toBe(
      'the DPoP proof failed the "iat" check (check_failed)',
    );
    expect(await check([await proof({ iat: NOW / 1000 - 64 })])).toHaveProperty('jti', 'p1');
  });

  it('refuses a jwk with a private or secret member', async () => {
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
      const jwk = { ...key.jwk, [member]: 'AAAA' };
      expect(await refused([await proof({}, { jwk })]), member).toBe('the jwk of the DPoP proof holds a private key');
    }
  });

  it('refuses a key that imports but has no RFC 7638 thumbprint, rather than failing', async () => {
    // Web Crypto reads `x` as a string (["…"] is "…"), and a base64 decoder skips "é"; the
    // thumbprint takes neither (a member not a string, a JSON not ASCII).
    for (const x of [[key.jwk.x], `${key.jwk.x}é`]) {
      expect(await refused([await proof({}, { jwk: { ...key.jwk, x } })])).toBe('the DPoP proof failed verification');
    }
  });

  it('refuses an RSA key over 4096 bits or with another exponent than 65537, before verifying anything', async () => {
    const message = 'the jwk of the DPoP proof is an RSA key over 4096 bits or with an exponent other than 65537';
    const rsa = { kty: 'RSA', n: 'A'.repeat(684), e: 'AQAB' };
    expect(await refused([await proof({}, { jwk: rsa })])).toBe(message);
    expect(await refused([await proof({}, { jwk: { ...rsa, n: 'A'.repeat(683), e: 'AQAD' } })])).toBe(message);
    expect(await refused([await proof({}, { jwk: { kty: 'RSA', e: 'AQAB' } })])).toBe(message);
    // A 4096-bit key with the usual exponent is looked at (and here fails its signature, an ES256 one).
    expect(await refused([await proof({}, { jwk: { ...rsa, n: 'A'.repeat(683) } })])).not.toBe(message);
  });

  it('holds jti, htm, htu and ath to the request and the token', async () => {
    expect(await refused([await proof({ jti: '' })])).toBe('the DPoP proof\'s "jti" must be a string');
    expect(await refused([await proof({ jti: 5 as never })])).toBe('the DPoP proof\'s "jti" must be a string');
    expect(await refused([await proof()], { method: 'POST' })).toBe(
      'the DPoP proof\'s "htm" is not the request method',
    );
    const htu = 'the DPoP proof\'s "htu" is not the request URL';
    expect(await refused([await proof({ htu: 'https://api.test/other' })])).toBe(htu);
    expect(await refused([await proof({ htu: 7 })])).toBe(htu);
    expect(await refused([await proof()], { url: 'ftp://api.test/orders' })).toBe(htu);
    expect(await refused([await proof({ ath: undefined })])).toBe(
      'the DPoP proof\'s "ath" is not the hash of the access token',
    );
    expect(await check([await proof({ htu: 'HTTPS://API.test:443/orders?x#y' })])).toHaveProperty('jti', 'p1');
  });
});

describe('comparableHtu', () => {
  it('normalises as RFC 3986 §6.2.2 and §6.2.3 say, and takes only absolute http(s) URLs', () => {
    expect(comparableHtu('HTTPS://Api.Test:443/a/./b/../c?q#f')).toBe('https://api.test/a/c');
    expect(comparableHtu('http://api.test:80')).toBe('http://api.test/');
    expect(comparableHtu('http://api.test:8080/x')).toBe('http://api.test:8080/x');
    expect(comparableHtu('https://api.test/%7e%41%2f%2F%c3%a9')).toBe('https://api.test/~A%2F%2F%C3%A9');
    for (const value of ['ftp://api.test/x', '/orders', 'not a url', 'https:', 'wss://api.test/x']) {
      expect(comparableHtu(value), value).toBeUndefined();
    }
  });
});

describe('sha256', () => {
  it('is base64url(SHA-256(value)) without padding', async () => {
    expect(await sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
