import { compactVerify, createLocalJWKSet, errors, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_CANDIDATES, pickKey } from '../../src/key-set/pick-key.js';

// Which key of a loaded set verifies a token (OIDC Core 1.0 §10.1): by its kid, else by trying the
// keys of its type; the set itself is jose's local set, as the key-set cache builds it.
async function makeKey(kid?: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256', ...(kid !== undefined && { kid }) };
  const sign = () =>
    new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'ES256', ...(kid !== undefined && { kid }) }).sign(privateKey);
  return { jwk, sign };
}

function headerOf(jwt: string) {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { alg: string; kid?: string };
}

function tokenOf(jwt: string) {
  const [p, payload, signature] = jwt.split('.');
  return { payload: payload!, signature: signature!, protected: p! };
}

async function pick(keys: JWK[], jwt: string) {
  return pickKey(createLocalJWKSet({ keys }), headerOf(jwt), tokenOf(jwt));
}

describe('pickKey', () => {
  it('returns the key a kid names without trying it: the signature is verified by the caller', async () => {
    const [named, signer] = await Promise.all([makeKey('k1'), makeKey('k1')]);
    const jwt = await signer.sign();
    const key = await pick([named.jwk], jwt);
    await expect(compactVerify(jwt, key)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('passes the set’s own refusal through: a kid it does not hold', async () => {
    const [held, other] = await Promise.all([makeKey('k1'), makeKey('k2')]);
    await expect(pick([held.jwk], await other.sign())).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('verifies a token without kid against the one key of its type, and refuses it when that key fails', async () => {
    const [one, other] = await Promise.all([makeKey(), makeKey()]);
    expect(await pick([one.jwk], await one.sign())).toBeDefined();
    await expect(pick([one.jwk], await other.sign())).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it(`finds, among several keys without kid, the one that verifies, trying at most ${MAX_CANDIDATES}`, async () => {
    const keys = await Promise.all(Array.from({ length: MAX_CANDIDATES + 1 }, () => makeKey()));
    const jwks = keys.map((k) => k.jwk);
    const jwt = await keys[MAX_CANDIDATES - 1]!.sign();
    expect((await compactVerify(jwt, await pick(jwks, jwt))).protectedHeader).toEqual({ alg: 'ES256' });
    await expect(pick(jwks, await keys[MAX_CANDIDATES]!.sign())).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });
});
