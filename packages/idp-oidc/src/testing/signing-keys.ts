import { base64url, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** A signing key of the fake IdP: the private half signs, the public JWK goes into the JWKS. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** Signs `payload` as given (no claim is added), with `header` merged over alg/kid. */
export async function signJwt(
  key: SigningKey,
  payload: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/** An unsecured JWT (`alg: none`), which no verifier may accept. */
export function unsecuredJwt(payload: JWTPayload, header: Record<string, unknown> = {}): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', ...header })}.${encode(payload)}.`;
}

/** An HS256 JWT keyed with `secret` bytes: used to forge with the provider's public key. */
export async function hmacJwt(
  secret: Uint8Array,
  payload: JWTPayload,
  header: Record<string, unknown>,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', ...header }).sign(secret);
}

/** Removes the keys whose value is `undefined`, so overrides can delete claims. */
export function withoutUndefined(value: Record<string, unknown>): JWTPayload {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
