// The keys derived from the app secrets with HKDF-SHA-256, one per purpose, each with an id for rotation.
import { toBase64Url, utf8 } from './encoding.js';

/**
 * Keys derived from the app secrets with HKDF-SHA-256, one purpose per `info` label, so the
 * cookie key and the cache key never coincide. The first secret signs/encrypts; all verify/decrypt.
 */
export interface DerivedKey {
  /** Short id written into ciphertexts so rotation can pick the right key. */
  readonly id: string;
  readonly key: CryptoKey;
}

async function hkdf(secret: string, info: string, algorithm: HmacImportParams | AesKeyAlgorithm, usages: KeyUsage[]) {
  const base = await crypto.subtle.importKey('raw', utf8.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8.encode('identity-web'), info: utf8.encode(info) },
    base,
    algorithm,
    false,
    usages,
  );
}

async function keyId(secret: string, info: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(`kid\u0000${info}\u0000${secret}`));
  return toBase64Url(new Uint8Array(digest).subarray(0, 6));
}

export async function deriveHmacKeys(secrets: readonly string[], info: string): Promise<DerivedKey[]> {
  return Promise.all(
    secrets.map(async (s) => ({
      id: await keyId(s, info),
      key: await hkdf(s, info, { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign', 'verify']),
    })),
  );
}

export async function deriveAesKeys(secrets: readonly string[], info: string): Promise<DerivedKey[]> {
  return Promise.all(
    secrets.map(async (s) => ({
      id: await keyId(s, info),
      key: await hkdf(s, info, { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
    })),
  );
}
