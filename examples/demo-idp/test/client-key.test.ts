// A FAPI 2.0 client's key pair: made for the run, or given and checked before any sign-in.
import { describe, expect, it } from 'vitest';
import { clientKeyPair, privateJwkProblem } from '../src/client-key.js';
import { resolveOptions } from '../src/options.js';

const key = clientKeyPair('shop');
const other = clientKeyPair('other');
const client = { clientId: 'shop', baseUrl: 'http://localhost:3000' };

describe('privateJwkProblem', () => {
  it('takes a key pair the IdP made, and one without alg and use', () => {
    const { alg: _alg, use: _use, ...bare } = key;
    expect(privateJwkProblem(key)).toBeUndefined();
    expect(privateJwkProblem(bare)).toBeUndefined();
  });

  it.each([
    ['a list', [key], 'must be a JWK, a JSON object'],
    ['an RSA key', { kty: 'RSA', kid: 'r' }, 'must be an EC P-256 key (kty "EC", crv "P-256"), for ES256'],
    ['a P-384 key', { ...key, crv: 'P-384' }, 'must be an EC P-256 key (kty "EC", crv "P-256"), for ES256'],
    ['a public key', { ...key, d: undefined }, 'must be the private key: its "d" is missing'],
    ['a key without kid', { ...key, kid: '' }, 'must have a "kid", which the app sends with its assertions'],
    ['a key for ES384', { ...key, alg: 'ES384' }, 'must be for alg ES256, use sig'],
    ['a key for encryption', { ...key, use: 'enc' }, 'must be for alg ES256, use sig'],
    ['a short d', { ...key, d: 'AAAA' }, 'has a "d" that is no P-256 private key'],
    ['a d of zero', { ...key, d: Buffer.alloc(32).toString('base64url') }, 'has a "d" that is no P-256 private key'],
    [
      'another public half',
      { ...key, x: other.x, y: other.y },
      'has an "x" and "y" that are not the public half of its "d"',
    ],
  ])('refuses %s', (_what, value, problem) => {
    expect(privateJwkProblem(value)).toBe(problem);
  });
});

describe('startDemoIdp options: clients[i].privateKey', () => {
  it('registers the key given in FAPI 2.0 mode, with alg ES256 and use sig', () => {
    const { alg: _alg, use: _use, ...bare } = key;
    const [registered] = resolveOptions({
      clients: [{ ...client, privateKey: bare as typeof key }],
      fapi: true,
    }).clients;
    expect(registered?.privateKey).toEqual(key);
  });

  it('refuses a key outside FAPI 2.0 mode, and a wrong one', () => {
    expect(() => resolveOptions({ clients: [{ ...client, clientSecret: 'x'.repeat(32), privateKey: key }] })).toThrow(
      'startDemoIdp: "clients[0].privateKey" is for "fapi" only: other clients authenticate with a secret',
    );
    expect(() => resolveOptions({ clients: [{ ...client, privateKey: { ...key, kid: '' } }], fapi: true })).toThrow(
      'startDemoIdp: "clients[0].privateKey" must have a "kid", which the app sends with its assertions',
    );
  });
});
