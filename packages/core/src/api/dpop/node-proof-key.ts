// RFC 9449 §4.3 point 6: a proof's `jwk` header imported with node:crypto, refused wherever jose on Web Crypto refuses it.
import { isJsonObject, type JsonObject } from './proof-jws.js';
import { PROOF_REASONS, proofRefused } from './proof-rules.js';

/**
 * The key type each proof algorithm takes, and its curve (RFC 7518 §3.1 and §6.2.1.1; RFC 8037
 * §2 and §3.1), as jose's algorithm table has them: EdDSA is Ed25519 only in jose 6.
 */
const KEY_TYPES: ReadonlyMap<string, { readonly kty: string; readonly crv?: string }> = new Map([
  ['ES256', { kty: 'EC', crv: 'P-256' }],
  ['PS256', { kty: 'RSA' }],
  ['RS256', { kty: 'RSA' }],
  ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
]);

/** A proof's key once imported, and what is checked of it after its signature is read. */
export interface ImportedKey<Key> {
  /** The `jwk` header, a JSON object. */
  readonly jwk: JsonObject;
  /** The public key, as the runtime holds it. */
  readonly key: Key;
  /** `false` when the `jwk`'s `key_ops` leave out "verify" (RFC 7517 §4.3): Web Crypto then refuses to verify. */
  readonly usable: boolean;
}

/** `key_ops` as jose takes it (RFC 7517 §4.3): an array of strings, none twice. */
const uniqueStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') && new Set(value).size === value.length;

/** A JWK member as Web Crypto's `JsonWebKey` dictionary reads it (a WebIDL DOMString): made a string, and may throw. */
const domString = (value: unknown) => (value === undefined ? undefined : String(value));

/**
 * The public members `createPublicKey` takes, read as Web Crypto's `importKey` reads them for
 * jose: each one made a string, the curve that of the algorithm.
 */
function publicMembers(jwk: JsonObject, kty: string, crv: string | undefined): JsonObject {
  const read = { crv: domString(jwk.crv), e: domString(jwk.e), n: domString(jwk.n), x: domString(jwk.x) };
  const y = domString(jwk.y);
  if (read.crv !== crv && kty !== 'RSA') throw new TypeError('the curve is not the algorithm’s');
  if (kty === 'EC') return { kty, crv, x: read.x, y };
  if (kty === 'OKP') return { kty, crv, x: read.x };
  return { kty, n: read.n, e: read.e };
}

/**
 * The key of a proof's `jwk` header (RFC 9449 §4.2) for the algorithm of its header, once
 * `checkEmbeddedKey` let it through; throws the refusal jose gives the same `jwk`, in jose's
 * order: its shape (`ext`, `key_ops`, `use`, `alg`: a JWS that is not well formed), the key type
 * the algorithm takes (not supported), then what Web Crypto's import refuses (failed verification):
 * a curve not the algorithm's, members that do not make a public key, a `key_ops` asking more
 * than "verify", or a `priv` member without `key_ops`.
 */
export function importEmbeddedKey<Key>(
  jwk: unknown,
  alg: string,
  createPublicKey: (members: JsonObject) => Key,
): ImportedKey<Key> {
  if (!isJsonObject(jwk)) throw proofRefused(PROOF_REASONS.jws);
  const { ext, key_ops: keyOps } = jwk;
  if (ext !== undefined && typeof ext !== 'boolean') throw proofRefused(PROOF_REASONS.jws);
  if (keyOps !== undefined && !uniqueStrings(keyOps)) throw proofRefused(PROOF_REASONS.jws);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw proofRefused(PROOF_REASONS.jws);
  if (jwk.alg !== undefined && jwk.alg !== alg) throw proofRefused(PROOF_REASONS.jws);
  const type = KEY_TYPES.get(alg);
  if (type === undefined || jwk.kty !== type.kty) throw proofRefused(PROOF_REASONS.unsupported);
  // jose asks Web Crypto for the usages of `key_ops`, else "sign" for what looks private, else
  // "verify"; a public key allows "verify" only.
  const usages = keyOps ?? (jwk.d || jwk.priv ? ['sign'] : ['verify']);
  if (usages.some((usage) => usage !== 'verify')) throw proofRefused(PROOF_REASONS.other);
  try {
    return { jwk, key: createPublicKey(publicMembers(jwk, type.kty, type.crv)), usable: usages.length > 0 };
  } catch {
    throw proofRefused(PROOF_REASONS.other);
  }
}
