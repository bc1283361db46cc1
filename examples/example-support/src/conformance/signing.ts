// The test provider's own signing keys, and JWS made with node:crypto: a module of the
// conformance suite signs, corrupts or leaves unsigned the tokens it hands out.
import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/** A key the test provider signs with; `jwk` is its public half as a JWKS lists it. */
export interface ModuleKey {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string | undefined;
  readonly privateKey: KeyObject;
  readonly jwk: Readonly<Record<string, unknown>>;
}

/** Key pairs made once per process and handed out in turn: an RSA key costs ~100 ms to make. */
const POOL_SIZE = 8;
const pool = { RS256: [] as KeyObject[], ES256: [] as KeyObject[] };
const next = { RS256: 0, ES256: 0 };

function pooledKey(alg: 'RS256' | 'ES256'): { privateKey: KeyObject; publicKey: KeyObject } {
  const keys = pool[alg];
  const i = next[alg]++ % POOL_SIZE;
  keys[i] ??= (
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey;
  const privateKey = keys[i]!;
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * A key pair other than the previous seven of its type (so one module's keys all differ), under
 * a new `kid`; `kid: undefined` publishes it without one.
 */
export function moduleKey(
  alg: 'RS256' | 'ES256',
  kid: string | undefined = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`,
): ModuleKey {
  const { privateKey, publicKey } = pooledKey(alg);
  const jwk = { ...publicKey.export({ format: 'jwk' }), use: 'sig', ...(kid !== undefined && { kid }) };
  return { alg, kid, privateKey, jwk };
}

/** The same key published under no `kid` (or another one). */
export function withKid(key: ModuleKey, kid: string | undefined): ModuleKey {
  const { kid: _, ...jwk } = key.jwk;
  return { ...key, kid, jwk: { ...jwk, ...(kid !== undefined && { kid }) } };
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS of `claims`: signed by `key` (header `alg`, and its `kid` unless `kid: null`). */
export function signJws(claims: Record<string, unknown>, key: ModuleKey, header: Record<string, unknown> = {}): string {
  const protectedHeader = { alg: key.alg, ...(key.kid !== undefined && { kid: key.kid }), typ: 'JWT', ...header };
  for (const [name, value] of Object.entries(protectedHeader))
    if (value === null) delete (protectedHeader as Record<string, unknown>)[name];
  const input = `${part(protectedHeader)}.${part(claims)}`;
  const signature =
    key.alg === 'RS256'
      ? sign('sha256', Buffer.from(input), key.privateKey)
      : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** An HS256 JWS keyed with `secret`'s UTF-8 octets (OIDC Core 1.0 §10.1). */
export function hmacJws(claims: Record<string, unknown>, secret: string): string {
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned JWS (`alg: none`, empty signature). */
export function unsignedJws(claims: Record<string, unknown>): string {
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The signature's bytes each XOR 0x5A, as the conformance suite corrupts them. */
export function corruptSignature(jws: string): string {
  const [header = '', payload = '', signature = ''] = jws.split('.');
  const bytes = Buffer.from(signature, 'base64url').map((b) => b ^ 0x5a);
  return `${header}.${payload}.${Buffer.from(bytes).toString('base64url')}`;
}

/** The claims of a compact JWS, unverified. */
export function claimsOf(jws: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
