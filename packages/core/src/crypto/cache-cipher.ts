import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding.js';
import { type DerivedKey, deriveAesKeys } from './keys.js';

const VERSION = 'v1';

/**
 * Encrypts token-cache partitions at rest with AES-256-GCM. The partition key is the
 * additional authenticated data, so a blob copied into another user's partition fails to
 * decrypt instead of handing that user someone else's tokens.
 * Format: `v1.<key id>.<iv>.<ciphertext+tag>` (base64url parts).
 */
export class CacheCipher {
  private readonly keys: Promise<DerivedKey[]>;
  private readonly byId: Promise<ReadonlyMap<string, DerivedKey>>;

  constructor(secrets: readonly string[]) {
    this.keys = deriveAesKeys(secrets, 'identity-web token cache v1');
    this.byId = this.keys.then((keys) => new Map(keys.map((k) => [k.id, k])));
  }

  async encrypt(partitionKey: string, plaintext: string): Promise<string> {
    const key = (await this.keys)[0]!;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8.encode(partitionKey) },
      key.key,
      utf8.encode(plaintext),
    );
    return `${VERSION}.${key.id}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
  }

  /** Throws `cache_decrypt_failed` for a foreign, tampered or unknown-key blob. */
  async decrypt(partitionKey: string, blob: string): Promise<string> {
    const [version, keyId, ivText, sealedText, extra] = blob.split('.');
    const key = keyId === undefined ? undefined : (await this.byId).get(keyId);
    const iv = ivText === undefined ? null : fromBase64Url(ivText);
    const sealed = sealedText === undefined ? null : fromBase64Url(sealedText);
    if (version !== VERSION || extra !== undefined || !key || !iv || iv.length !== 12 || !sealed) {
      throw decryptFailed();
    }
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: utf8.encode(partitionKey) },
        key.key,
        sealed,
      );
      return fromUtf8.decode(plain);
    } catch (cause) {
      throw decryptFailed(cause);
    }
  }
}

function decryptFailed(cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.CacheDecryptFailed, 'token cache entry cannot be decrypted', {
    status: 500,
    cause,
  });
}
