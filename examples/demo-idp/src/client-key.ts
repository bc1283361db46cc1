// A FAPI 2.0 client's key pair for private_key_jwt: made for the run, or given (the private JWK
// a former run printed, kept by the app), and checked so a wrong one is refused before any sign-in.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * A client's private key in FAPI 2.0 mode: an EC P-256 private JWK (with `d`), its public half
 * registered as the client's `jwks`. Hand it to the app (`clientAuth: privateKeyJwt([key])` of
 * `@identity-web/oidc`) and to no one else. A type, not an interface, so it passes for a
 * `JsonWebKey` (node:crypto) or a `JWK` (jose).
 */
export type DemoClientPrivateJwk = {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
  /** Key id: the `kid` of the client's assertions, and of the public key registered for it. */
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
};

/** An EC P-256 key pair for a FAPI 2.0 client: the private JWK, with a `kid` new on every run. */
export function clientKeyPair(clientId: string): DemoClientPrivateJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x = '', y = '', d = '' } = privateKey.export({ format: 'jwk' });
  const kid = `${clientId}-${randomBytes(6).toString('base64url')}`;
  return { kty: 'EC', crv: 'P-256', x, y, d, kid, alg: 'ES256', use: 'sig' };
}

/**
 * What is wrong with `value` as a client's private key, or `undefined` when it is an EC P-256
 * private JWK with a `kid` (`alg` ES256 and `use` sig, if present), whose `x` and `y` are the
 * public half of its `d`.
 */
export function privateJwkProblem(value: unknown): string | undefined {
  const jwk = value as Record<string, unknown> | null;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'must be a JWK, a JSON object';
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return 'must be an EC P-256 key (kty "EC", crv "P-256"), for ES256';
  if (typeof jwk.d !== 'string') return 'must be the private key: its "d" is missing';
  if (typeof jwk.kid !== 'string' || jwk.kid === '')
    return 'must have a "kid", which the app sends with its assertions';
  if ((jwk.alg ?? 'ES256') !== 'ES256' || (jwk.use ?? 'sig') !== 'sig') return 'must be for alg ES256, use sig';
  const publicHalf = publicHalfOf(jwk.d);
  if (publicHalf === undefined) return 'has a "d" that is no P-256 private key';
  if (publicHalf !== `${jwk.x}.${jwk.y}`) return 'has an "x" and "y" that are not the public half of its "d"';
  return undefined;
}

/** `x.y` of the P-256 public key of the private scalar `d` (base64url), or `undefined` if `d` is none. */
function publicHalfOf(d: string): string | undefined {
  const scalar = Buffer.from(d, 'base64url');
  if (scalar.length !== 32) return undefined;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(scalar);
    const point = ecdh.getPublicKey(); // uncompressed: 0x04, then x and y, 32 bytes each
    return `${point.subarray(1, 33).toString('base64url')}.${point.subarray(33).toString('base64url')}`;
  } catch {
    return undefined; // zero, or not below the order of the curve
  }
}

/** The key as registered: its own members only, with `alg` and `use` set. */
export function asClientPrivateJwk(jwk: DemoClientPrivateJwk): DemoClientPrivateJwk {
  const { kty, crv, x, y, d, kid } = jwk;
  return { kty, crv, x, y, d, kid, alg: 'ES256', use: 'sig' };
}
