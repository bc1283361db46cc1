// ES256 compact JWS (RFC 7515, RFC 7518 §3.4) for DPoP proofs: node:crypto where the runtime has it, Web Crypto elsewhere.

/** The private JWK of an ES256 key (EC P-256), as an account's partition keeps it. */
export interface Es256PrivateJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
}

/**
 * Signs JWS signing inputs with one account's key, and encodes what goes around them.
 *
 * Hand-written rather than jose's `SignJWT` because a proof is made for every API call: jose
 * signs through Web Crypto, which on Node costs about three `node:crypto` signatures (the DPoP
 * benchmark, `bench/dpop.bench.ts`, prints both side by side).
 */
export interface Es256Signer {
  /** Which implementation signs: `node:crypto` on Node, `web-crypto` elsewhere (workerd, browsers). */
  readonly runtime: 'node:crypto' | 'web-crypto';
  /** The base64url of a string's UTF-8 bytes. */
  base64url(text: string): string;
  /** The base64url SHA-256 of a string's UTF-8 bytes (the `ath` claim, RFC 9449 §4.2). */
  sha256(text: string): string | Promise<string>;
  /** The base64url ES256 signature (`r || s`, 64 bytes) of a JWS signing input. */
  sign(input: string): string | Promise<string>;
}

/** The part of `node:crypto` used here, typed structurally: the package imports nothing of Node. */
interface NodeCrypto {
  createPrivateKey(options: { key: JsonWebKey; format: 'jwk' }): object;
  sign(algorithm: 'sha256', data: NodeBytes, key: { key: object; dsaEncoding: 'ieee-p1363' }): NodeBytes;
  createHash(algorithm: 'sha256'): {
    update(data: string, encoding: 'utf8'): { digest(encoding: 'base64url'): string };
  };
  createPublicKey(options: { key: JsonWebKey; format: 'jwk' }): object;
  verify(
    algorithm: 'sha256',
    data: NodeBytes,
    key: { key: object; dsaEncoding: 'ieee-p1363' },
    signature: NodeBytes,
  ): boolean;
}
interface NodeBytes {
  toString(encoding: 'base64url'): string;
}
interface NodeBufferClass {
  from(text: string, encoding: 'utf8' | 'base64url'): NodeBytes;
}
interface NodeBuiltins {
  readonly crypto: NodeCrypto;
  readonly Buffer: NodeBufferClass;
}

let builtins: NodeBuiltins | null | undefined;

/**
 * `node:crypto` and `Buffer` when the runtime is Node (`process.getBuiltinModule`, Node 20.16
 * and later): reached at run time, never imported, so an edge bundle neither resolves nor
 * carries them. `null` anywhere else, or after they failed once.
 */
function nodeBuiltins(): NodeBuiltins | null {
  if (builtins !== undefined) return builtins;
  builtins = null;
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const crypto = runtime?.getBuiltinModule?.('node:crypto') as Partial<NodeCrypto> | undefined;
    const buffer = runtime?.getBuiltinModule?.('node:buffer') as { Buffer?: Partial<NodeBufferClass> } | undefined;
    if (
      typeof crypto?.createPrivateKey === 'function' &&
      typeof crypto.sign === 'function' &&
      typeof crypto.createHash === 'function' &&
      typeof crypto.createPublicKey === 'function' &&
      typeof crypto.verify === 'function' &&
      typeof buffer?.Buffer?.from === 'function'
    ) {
      builtins = { crypto: crypto as NodeCrypto, Buffer: buffer.Buffer as NodeBufferClass };
    }
  } catch {
    // A runtime that offers the function but not these modules signs with Web Crypto.
  }
  return builtins;
}

const encoder = new TextEncoder();

function webBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const TRIAL_INPUT = 'e30.e30';
/** An ES256 signature, `r || s` (64 bytes), in base64url without padding. */
const SIGNATURE_LENGTH = 86;
/** The base64url SHA-256 of ".". */
const SHA256_OF_DOT = 'zbTuKuppzGqDMxu-ltwsqpopnSEynvsDNvwCqC4YOag';

/** The Web Crypto signer: every runtime with `crypto.subtle` (the edge, browsers, Node). */
export function webCryptoSigner(privateKey: CryptoKey): Es256Signer {
  return {
    runtime: 'web-crypto',
    base64url: (text) => webBase64url(encoder.encode(text)),
    sha256: async (text) => webBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))),
    sign: async (input) =>
      webBase64url(
        new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, encoder.encode(input))),
      ),
  };
}

/**
 * The signer of a private key: `node:crypto` with the key as a `KeyObject` where the runtime is
 * Node, else (or if Node refuses the key) Web Crypto with the imported `privateKey`. Both give
 * the same JWS: ECDSA P-256 with SHA-256, the signature as `r || s` (RFC 7518 §3.4).
 */
export function es256Signer(stored: Es256PrivateJwk, privateKey: CryptoKey): Es256Signer {
  const node = nodeBuiltins();
  if (node === null) return webCryptoSigner(privateKey);
  let keyObject: object;
  try {
    const { kty, crv, x, y, d } = stored;
    keyObject = node.crypto.createPrivateKey({ key: { kty, crv, x, y, d }, format: 'jwk' });
  } catch {
    return webCryptoSigner(privateKey);
  }
  const { crypto: nodeCrypto, Buffer } = node;
  const sign = (input: string): string =>
    nodeCrypto
      .sign('sha256', Buffer.from(input, 'utf8'), { key: keyObject, dsaEncoding: 'ieee-p1363' })
      .toString('base64url');
  const sha256 = (text: string): string => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('base64url');
  try {
    // Once per imported key: a runtime whose node:crypto emulation cannot sign ECDSA (workerd
    // with nodejs_compat offers the module and throws), or signs in another encoding, is found
    // here, not in a proof: the signature must be 64 bytes and verify under the key's public half.
    const { kty, crv, x, y } = stored;
    const publicKey = node.crypto.createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
    const trial = sign(TRIAL_INPUT);
    const valid =
      trial.length === SIGNATURE_LENGTH &&
      node.crypto.verify(
        'sha256',
        Buffer.from(TRIAL_INPUT, 'utf8'),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(trial, 'base64url'),
      ) &&
      sha256('.') === SHA256_OF_DOT;
    if (!valid) return webCryptoSigner(privateKey);
    return {
      runtime: 'node:crypto',
      base64url: (text) => Buffer.from(text, 'utf8').toString('base64url'),
      sha256,
      sign,
    };
  } catch {
    return webCryptoSigner(privateKey);
  }
}
