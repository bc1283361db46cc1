// DPoP proofs for the differential test of the two proof checks: a valid proof of each algorithm,
// and every way of spoiling one (RFC 9449 §4.3), signed with node:crypto so each spoiled proof
// still carries a signature made over exactly the bytes it holds.
import {
  constants,
  createHash,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  type SignKeyObjectInput,
  sign,
} from 'node:crypto';
import { ApiRefusal } from '../../src/api/domain/api-refusal.js';
import { type CheckedProof, checkDpopProofWith } from '../../src/api/dpop/dpop-proof.js';
import type { ProofVerifier } from '../../src/api/dpop/proof-rules.js';

export const NOW = Date.UTC(2026, 10, 27);
export const NOW_SECONDS = NOW / 1000;
export const URL_ = 'https://api.test/orders';
export const TOKEN = 'the-access-token';
export const ATH = createHash('sha256').update(TOKEN).digest('base64url');

/** How a key signs: which key, and the options node:crypto signs with. */
export interface Signer {
  readonly key: KeyObject;
  readonly jwk: JsonWebKey;
  readonly sign: (input: Buffer) => Buffer;
}

const pss = (saltLength: number) => ({ padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
const pkcs1 = { padding: constants.RSA_PKCS1_PADDING };

function signer(key: KeyObject, publicKey: KeyObject, hash: string | null, options: object): Signer {
  const jwk = publicKey.export({ format: 'jwk' });
  return { key, jwk, sign: (input) => sign(hash, input, { key, ...options } as SignKeyObjectInput) };
}

function pair(type: 'ec' | 'rsa' | 'ed25519' | 'ed448', options: object = {}) {
  return generateKeyPairSync(type as 'ec', options as { namedCurve: string });
}

/** Every signer a draft may use, made once: the four algorithms' keys and their spoilers. */
export function makeSigners(): Readonly<Record<SignerName, Signer>> {
  const p256 = pair('ec', { namedCurve: 'P-256' });
  const p256b = pair('ec', { namedCurve: 'P-256' });
  const p384 = pair('ec', { namedCurve: 'P-384' });
  const k1 = pair('ec', { namedCurve: 'secp256k1' });
  const rsa = pair('rsa', { modulusLength: 2048 });
  const short = pair('rsa', { modulusLength: 2047 });
  const ed = pair('ed25519');
  const ed448 = pair('ed448');
  const p1363 = { dsaEncoding: 'ieee-p1363' };
  return {
    ES256: signer(p256.privateKey, p256.publicKey, 'sha256', p1363),
    'ES256 other key': signer(p256b.privateKey, p256b.publicKey, 'sha256', p1363),
    'ES256 DER': signer(p256.privateKey, p256.publicKey, 'sha256', { dsaEncoding: 'der' }),
    'ES256 SHA-384': signer(p256.privateKey, p256.publicKey, 'sha384', p1363),
    ES384: signer(p384.privateKey, p384.publicKey, 'sha384', p1363),
    'ES256K on SHA-256': signer(k1.privateKey, k1.publicKey, 'sha256', p1363),
    PS256: signer(rsa.privateKey, rsa.publicKey, 'sha256', pss(32)),
    'PS256 salt 20': signer(rsa.privateKey, rsa.publicKey, 'sha256', pss(20)),
    RS256: signer(rsa.privateKey, rsa.publicKey, 'sha256', pkcs1),
    'RS256 2047 bits': signer(short.privateKey, short.publicKey, 'sha256', pkcs1),
    'PS256 2047 bits': signer(short.privateKey, short.publicKey, 'sha256', pss(32)),
    EdDSA: signer(ed.privateKey, ed.publicKey, null, {}),
    Ed448: signer(ed448.privateKey, ed448.publicKey, null, {}),
  };
}

export const SIGNER_NAMES = [
  'ES256',
  'ES256 other key',
  'ES256 DER',
  'ES256 SHA-384',
  'ES384',
  'ES256K on SHA-256',
  'PS256',
  'PS256 salt 20',
  'RS256',
  'RS256 2047 bits',
  'PS256 2047 bits',
  'EdDSA',
  'Ed448',
] as const;
export type SignerName = (typeof SIGNER_NAMES)[number];

/** The four algorithms a proof may use, each with its signer. */
export const VALID_ALGORITHMS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;

/** A proof before it is encoded and signed: what each spoiler changes. */
export interface Draft {
  signer: SignerName;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The header's and the payload's bytes when not their JSON (a BOM, bad UTF-8, not JSON). */
  headerBytes?: Buffer;
  payloadBytes?: Buffer;
  /** Changes to each part's text once encoded, and to the whole proof. */
  headerText: (part: string) => string;
  payloadText: (part: string) => string;
  signatureText: (part: string) => string;
  signatureBytes: (signature: Buffer) => Buffer;
  proofText: (proof: string) => string;
  /** Epoch ms of the check. */
  now: number;
}

/** A valid proof of the algorithm, as a draft. */
export function validDraft(alg: (typeof VALID_ALGORITHMS)[number], signers: Record<SignerName, Signer>): Draft {
  const same = (text: string) => text;
  return {
    signer: alg,
    header: { alg, typ: 'dpop+jwt', jwk: { ...signers[alg].jwk } },
    claims: { jti: 'p1', htm: 'GET', htu: URL_, iat: NOW_SECONDS, ath: ATH },
    headerText: same,
    payloadText: same,
    signatureText: same,
    signatureBytes: (signature) => signature,
    proofText: same,
    now: NOW,
  };
}

/** The compact JWS of a draft, signed over the very characters of its first two parts. */
export function encodeDraft(draft: Draft, signers: Record<SignerName, Signer>): string {
  const headerBytes = draft.headerBytes ?? Buffer.from(JSON.stringify(draft.header));
  const payloadBytes = draft.payloadBytes ?? Buffer.from(JSON.stringify(draft.claims));
  const unencoded = draft.header.b64 === false && Array.isArray(draft.header.crit);
  const header = draft.headerText(headerBytes.toString('base64url'));
  const payload = draft.payloadText(unencoded ? payloadBytes.toString('utf8') : payloadBytes.toString('base64url'));
  const signature = draft.signatureBytes(signers[draft.signer].sign(Buffer.from(`${header}.${payload}`)));
  return draft.proofText(`${header}.${payload}.${draft.signatureText(signature.toString('base64url'))}`);
}

/** What a proof check gave: the checked proof, its refusal, or anything else it threw. */
export type Outcome =
  | { readonly accepted: CheckedProof }
  | { readonly refused: string | undefined; readonly error: string | undefined; readonly status: number }
  | { readonly threw: string };

/** The outcome of checking a proof with one verifier, for a GET of URL_ with TOKEN at `now`. */
export async function outcome(verifier: ProofVerifier, proof: string, now: number): Promise<Outcome> {
  const request = { proofs: [proof], method: 'GET', url: URL_, accessToken: TOKEN, now };
  try {
    return { accepted: await checkDpopProofWith(request, verifier) };
  } catch (error) {
    if (error instanceof ApiRefusal) return { refused: error.description, error: error.error, status: error.status };
    return { threw: String(error) };
  }
}
