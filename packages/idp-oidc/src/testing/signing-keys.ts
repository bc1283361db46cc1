import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/**
 * A signing key of the fake provider: the private half signs, the public JWK goes into the JWKS.
 *
 * @group Test doubles
 */
export interface SigningKey {
  /** The key id tokens name and the JWKS lists. */
  readonly kid: string;
  /** The JWS algorithm. */
  readonly alg: 'RS256' | 'ES256';
  /** Signs tokens. */
  readonly privateKey: CryptoKey;
  /** The public key as the JWKS publishes it. */
  readonly publicJwk: JWK;
}

/**
 * A fresh key pair; `kid` is what tokens name in their header and the JWKS lists.
 */
export async function makeKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/**
 * Signs `payload` as given (no claim is added), with `header` merged over alg/kid.
 */
export async function signJwt(
  key: SigningKey,
  payload: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}
