import { base64url, type JWTPayload, SignJWT } from 'jose';

// Forged tokens for the attack cases of the logout-token tests; apps have no use for these, so
// they stay out of the `/testing` entry.

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
