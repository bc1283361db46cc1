// RFC 9449 §4.3: a DPoP proof's JWS and times checked on node:crypto where the runtime has it, as jose on Web Crypto checks them.
import { importEmbeddedKey } from './node-proof-key.js';
import { checkProofClaims } from './proof-claims.js';
import { decodePart, isAscii, type JsonObject, jsonObject, payloadEncoded, thumbprintInput } from './proof-jws.js';
import {
  checkEmbeddedKey,
  DPOP_ALGORITHMS,
  PROOF_REASONS,
  type ProofVerifier,
  proofRefused,
  type VerifiedProof,
} from './proof-rules.js';

/** A public `KeyObject`, typed structurally: the package imports nothing of Node. */
interface NodeKey {
  readonly asymmetricKeyDetails?: { readonly modulusLength?: number };
}
interface VerifyKey {
  readonly key: NodeKey;
  readonly dsaEncoding?: 'ieee-p1363';
  readonly padding?: number;
  readonly saltLength?: number;
}
/** The part of `node:crypto` used here. */
interface NodeCrypto {
  createPublicKey(options: { key: JsonObject; format: 'jwk' }): NodeKey;
  verify(algorithm: 'sha256' | null, data: Uint8Array, key: VerifyKey, signature: Uint8Array): boolean;
  createHash(algorithm: 'sha256'): {
    update(data: string, encoding: 'utf8'): { digest(encoding: 'base64url'): string };
  };
  readonly constants: { readonly RSA_PKCS1_PADDING: number; readonly RSA_PKCS1_PSS_PADDING: number };
}
interface NodeBufferClass {
  from(text: string, encoding: 'base64url' | 'latin1'): Uint8Array;
}

/**
 * How `node:crypto` verifies each proof algorithm, as Web Crypto does for jose: ES256 with the
 * signature as `R || S`, 64 bytes (RFC 7518 §3.4; a DER one, or one of another length, does not
 * verify); PS256 with a salt as long as the hash (RFC 7518 §3.5); RS256 with PKCS #1 v1.5
 * (RFC 7518 §3.3); EdDSA with Ed25519 and no prehash (RFC 8037 §3.1).
 */
function verifyArguments(
  alg: string,
  key: NodeKey,
  constants: NodeCrypto['constants'],
): readonly ['sha256' | null, VerifyKey] {
  if (alg === 'ES256') return ['sha256', { key, dsaEncoding: 'ieee-p1363' }];
  if (alg === 'PS256') return ['sha256', { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }];
  if (alg === 'RS256') return ['sha256', { key, padding: constants.RSA_PKCS1_PADDING }];
  return [null, { key }];
}

/** RFC 7518 §3.3 and §3.5: the shortest RSA modulus jose accepts, in bits. */
const MIN_RSA_BITS = 2048;

/**
 * The proof check on `node:crypto`: jose's `jwtVerify` with `EmbeddedJWK` step by step, each step
 * refused with the words the jose path gives, in jose's order, the key imported once.
 */
function nodeVerifier(crypto: NodeCrypto, nodeBuffer: NodeBufferClass): ProofVerifier {
  const fast = (part: string) => nodeBuffer.from(part, 'base64url');
  const createPublicKey = (members: JsonObject) => crypto.createPublicKey({ key: members, format: 'jwk' });
  const sha256 = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest('base64url');

  function verify(proof: string, now: number): VerifiedProof {
    // RFC 7515 §7.1: three parts; the header a JSON object (§4), its `crit` understood (§4.1.11).
    const parts = proof.split('.');
    if (parts.length !== 3) throw proofRefused(PROOF_REASONS.jws);
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    const header = jsonObject(decodePart(encodedHeader, fast));
    if (header === undefined) throw proofRefused(PROOF_REASONS.jws);
    const encoded = payloadEncoded(header);
    // RFC 9449 §4.3 point 5: an accepted asymmetric algorithm.
    const { alg } = header;
    if (typeof alg !== 'string' || alg === '') throw proofRefused(PROOF_REASONS.jws);
    if (!DPOP_ALGORITHMS.includes(alg)) throw proofRefused(PROOF_REASONS.algorithm);
    // RFC 7797 §5.2: jose reads an unencoded payload before the key, an encoded one after it.
    const asciiPayload = isAscii(encodedPayload);
    if (!encoded && !asciiPayload) throw proofRefused(PROOF_REASONS.jws);
    // RFC 9449 §4.3 points 6 and 7: the public key of the header, the algorithm's type.
    checkEmbeddedKey(header.jwk);
    const imported = importEmbeddedKey(header.jwk, alg, createPublicKey);
    if (!asciiPayload) throw proofRefused(PROOF_REASONS.jws);
    const signature = decodePart(encodedSignature, fast);
    if (signature === undefined) throw proofRefused(PROOF_REASONS.jws);
    if (!imported.usable) throw proofRefused(PROOF_REASONS.other);
    const bits = imported.key.asymmetricKeyDetails?.modulusLength;
    if (imported.jwk.kty === 'RSA' && !(typeof bits === 'number' && bits >= MIN_RSA_BITS)) {
      throw proofRefused(PROOF_REASONS.other);
    }
    // RFC 9449 §4.3 point 6 (RFC 7515 §5.2): the signature over `header.payload`, ASCII.
    const input = nodeBuffer.from(proof.slice(0, encodedHeader.length + 1 + encodedPayload.length), 'latin1');
    const [hash, key] = verifyArguments(alg, imported.key, crypto.constants);
    let valid: boolean;
    try {
      valid = crypto.verify(hash, input, key, signature);
    } catch {
      valid = false;
    }
    if (!valid) throw proofRefused(PROOF_REASONS.signature);
    // RFC 7519 §7.2 points 8–10: a JWT's payload is base64url-encoded JSON of an object.
    if (!encoded) throw proofRefused(PROOF_REASONS.jwt);
    const bytes = decodePart(encodedPayload, fast);
    if (bytes === undefined) throw proofRefused(PROOF_REASONS.jws);
    const payload = jsonObject(bytes);
    if (payload === undefined) throw proofRefused(PROOF_REASONS.jwt);
    checkProofClaims(header, payload, now);
    return { payload, thumbprint: () => thumbprint(imported.jwk) };
  }

  /** RFC 7638: SHA-256 of the key's required members; a refusal where jose computes none. */
  function thumbprint(jwk: JsonObject): string {
    const input = thumbprintInput(jwk);
    if (input === undefined) throw proofRefused(PROOF_REASONS.other);
    return sha256(input);
  }

  return { runtime: 'node:crypto', verify, sha256 };
}

// A P-256 key, and its ES256 signature of TRIAL_INPUT: a runtime whose node:crypto gets either
// answer below wrong checks proofs with jose.
const TRIAL_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: '0Hon1uHjrD2TjqSzO3Lx-y3jDrgqJsDAH9EvfryeyGQ',
  y: 'XlhzIdLDNxzUZ5wT_yHJj5w_dcPtGGN4V3NlJ7zdBGY',
};
const TRIAL_INPUT = 'e30.e30';
const TRIAL_SIGNATURE = 'mx1JojVUGoWsBMs0ayz6pkH79I4j6LVhsbz-Q3qlx_G-VyVtvKae_0jai-nnTlLPYVYgQeWOkwufkb3Emjg0jg';
/** The base64url SHA-256 of ".". */
const SHA256_OF_DOT = 'zbTuKuppzGqDMxu-ltwsqpopnSEynvsDNvwCqC4YOag';

/** Whether a runtime's node:crypto verifies an ES256 signature, refuses it altered, and hashes. */
function passesTrial(crypto: NodeCrypto, nodeBuffer: NodeBufferClass): boolean {
  const key = crypto.createPublicKey({ key: TRIAL_KEY, format: 'jwk' });
  const input = nodeBuffer.from(TRIAL_INPUT, 'latin1');
  const signature = nodeBuffer.from(TRIAL_SIGNATURE, 'base64url');
  const verifies = (bytes: Uint8Array) => crypto.verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, bytes);
  const altered = Uint8Array.from(signature);
  altered[10]! ^= 1;
  const hashes = crypto.createHash('sha256').update('.', 'utf8').digest('base64url') === SHA256_OF_DOT;
  return verifies(signature) && !verifies(altered) && hashes;
}

let chosen: ProofVerifier | null | undefined;

/**
 * The `node:crypto` proof check where the runtime is Node (`process.getBuiltinModule`, Node
 * 20.16 and later): `node:crypto` and `Buffer` reached at run time, never imported, so an edge
 * bundle neither resolves nor carries them. `null` anywhere else, or where the runtime's
 * `node:crypto` fails a trial (workerd's `nodejs_compat` offers the module), once.
 */
export function nodeProofVerifier(): ProofVerifier | null {
  chosen ??= nodeProofVerifierOf((globalThis as { process?: NodeRuntime }).process);
  return chosen;
}

/** What of a runtime's `process` {@link nodeProofVerifierOf} reads. */
export interface NodeRuntime {
  readonly getBuiltinModule?: (id: string) => unknown;
}

/** {@link nodeProofVerifier} for the runtime `runtime` is the `process` of, made afresh each call. */
export function nodeProofVerifierOf(runtime: NodeRuntime | undefined): ProofVerifier | null {
  let made: ProofVerifier | null = null;
  try {
    const crypto = runtime?.getBuiltinModule?.('node:crypto') as Partial<NodeCrypto> | undefined;
    const buffer = runtime?.getBuiltinModule?.('node:buffer') as { Buffer?: Partial<NodeBufferClass> } | undefined;
    if (
      typeof crypto?.createPublicKey === 'function' &&
      typeof crypto.verify === 'function' &&
      typeof crypto.createHash === 'function' &&
      typeof crypto.constants?.RSA_PKCS1_PSS_PADDING === 'number' &&
      typeof buffer?.Buffer?.from === 'function' &&
      passesTrial(crypto as NodeCrypto, buffer.Buffer as NodeBufferClass)
    ) {
      made = nodeVerifier(crypto as NodeCrypto, buffer.Buffer as NodeBufferClass);
    }
  } catch {
    // A runtime that offers the function but not these modules checks proofs with jose.
  }
  return made;
}
