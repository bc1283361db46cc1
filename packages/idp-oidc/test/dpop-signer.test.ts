/// <reference types="node" />
import { createPublicKey, verify } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OidcContext } from '../src/context.js';
import { dpopProver, newDpopKey } from '../src/tokens/dpop.js';
import type { DpopKey } from '../src/tokens/dpop-key.js';
import { webCryptoSigner } from '../src/tokens/es256.js';

const ctx = { settings: { clock: { now: () => Date.now() } }, dpopKeys: new Map() } as unknown as OidcContext;
const accessToken = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln';
const request = { method: 'POST', url: 'https://api.example/orders?x=1#f', accessToken, nonce: 'n-1' };

/** The same key, signing through Web Crypto instead of `node:crypto`. */
function onWebCrypto(key: DpopKey): DpopKey {
  return { ...key, signer: webCryptoSigner(key.pair.privateKey) };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('base64url');
}

describe('DPoP proofs for APIs, signed by node:crypto on Node and by Web Crypto elsewhere', () => {
  it('signs with node:crypto on Node', async () => {
    const { key } = await newDpopKey();
    expect(key.signer.runtime).toBe('node:crypto');
    expect(onWebCrypto(key).signer.runtime).toBe('web-crypto');
  });

  it.each([
    ['node:crypto', (key: DpopKey) => key],
    ['Web Crypto', onWebCrypto],
  ])(
    'a proof signed with %s passes the same verifier, with the claims and header of RFC 9449 §4.2',
    async (_, signerOf) => {
      const { key } = await newDpopKey();
      const proof = await dpopProver(ctx, signerOf(key)).proof(request);
      // The key is the one in the header (RFC 9449 §4.3 point 8), and the algorithm ES256.
      const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: ['ES256'],
      });
      expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk });
      expect(Object.keys(payload).sort()).toEqual(['ath', 'htm', 'htu', 'iat', 'jti', 'nonce']);
      expect(payload).toMatchObject({ htm: 'POST', htu: 'https://api.example/orders', nonce: 'n-1' });
      expect(payload.ath).toBe(await sha256(accessToken));
      expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(5);
      // The signature is r || s (RFC 7518 §3.4), checked here by Node's verifier too.
      const [header, claims, signature] = proof.split('.') as [string, string, string];
      expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
      const publicKey = createPublicKey({ key: { ...key.jwk }, format: 'jwk' });
      const valid = verify(
        'sha256',
        Buffer.from(`${header}.${claims}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      );
      expect(valid).toBe(true);
    },
  );

  it('both signers give proofs of the same shape, and neither verifies under another key', async () => {
    const { key } = await newDpopKey();
    const { key: other } = await newDpopKey();
    const fromNode = await dpopProver(ctx, key).proof(request);
    const fromWeb = await dpopProver(ctx, onWebCrypto(key)).proof(request);
    expect(decodeProtectedHeader(fromNode)).toEqual(decodeProtectedHeader(fromWeb));
    const { jti: a, iat: _a, ...node } = decodeJwt(fromNode);
    const { jti: b, iat: _b, ...web } = decodeJwt(fromWeb);
    expect(node).toEqual(web);
    expect(a).not.toBe(b);
    // A header naming another key fails verification: the signature is the key's own.
    const [, claims, signature] = fromNode.split('.') as [string, string, string];
    const foreign = `${Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk: other.jwk })).toString('base64url')}.${claims}.${signature}`;
    await expect(compactVerify(foreign, EmbeddedJWK)).rejects.toThrow(/signature verification failed/);
  });

  it('the claims are encoded as UTF-8 whatever they hold', async () => {
    const { key } = await newDpopKey();
    for (const k of [key, onWebCrypto(key)]) {
      const proof = await dpopProver(ctx, k).proof({ ...request, method: 'PRÜFEN', nonce: 'nönce' });
      const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
      expect(payload).toMatchObject({ htm: 'PRÜFEN', nonce: 'nönce' });
    }
  });
});

describe('where the runtime has no node:crypto', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('signs with Web Crypto: no process.getBuiltinModule (workerd without nodejs_compat, browsers)', async () => {
    vi.resetModules();
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(() => undefined as never);
    const { newDpopKey: newKey, dpopProver: prover } = await import('../src/tokens/dpop.js');
    const { key } = await newKey();
    expect(key.signer.runtime).toBe('web-crypto');
    await expect(jwtVerify(await prover(ctx, key).proof(request), EmbeddedJWK)).resolves.toBeDefined();
  });

  it('signs with Web Crypto when node:crypto signs in another encoding (DER), or signs what does not verify', async () => {
    const real = process.getBuiltinModule('node:crypto');
    const der = {
      ...real,
      sign: (algorithm: string, data: Uint8Array, key: { key: object }) => real.sign(algorithm, data, key.key as never),
    };
    const random = { ...real, sign: () => Buffer.from(crypto.getRandomValues(new Uint8Array(64))) };
    for (const fake of [der, random]) {
      vi.resetModules();
      const builtin = (id: string) => (id === 'node:crypto' ? fake : id === 'node:buffer' ? { Buffer } : undefined);
      vi.spyOn(process, 'getBuiltinModule').mockImplementation(builtin as never);
      const { newDpopKey: newKey, dpopProver: prover } = await import('../src/tokens/dpop.js');
      const { key } = await newKey();
      expect(key.signer.runtime).toBe('web-crypto');
      await expect(jwtVerify(await prover(ctx, key).proof(request), EmbeddedJWK)).resolves.toBeDefined();
      vi.restoreAllMocks();
    }
  });

  it('signs with Web Crypto when node:crypto throws', async () => {
    vi.resetModules();
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(() => {
      throw new Error('no such module');
    });
    const { newDpopKey: newKey } = await import('../src/tokens/dpop.js');
    expect((await newKey()).key.signer.runtime).toBe('web-crypto');
  });
});
