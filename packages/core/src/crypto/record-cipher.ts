// Seals and opens stored records with AES-256-GCM, bound to their context so a moved record fails to open.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding.js';
import { type DerivedKey, deriveAesKeys } from './keys.js';

const FORMAT = 'v1';

/**
 * Seals records with AES-256-GCM under a key derived for one purpose (token-cache partitions,
 * session records, sign-in transactions, sign-out state). The caller's `context` is the
 * additional authenticated data: a record copied to another key, cookie or user fails to open
 * instead of handing that user someone else's data.
 * Format: `v1.<key id>.<iv>.<ciphertext+tag>` (base64url parts; safe in a cookie as it is).
 */
export class RecordCipher {
  private readonly keys: Promise<DerivedKey[]>;
  private readonly byId: Promise<ReadonlyMap<string, DerivedKey>>;

  /** `purpose` is the HKDF label: one key per purpose, so records of one kind never open as another. */
  constructor(secrets: readonly string[], purpose: string) {
    this.keys = deriveAesKeys(secrets, `identity-web ${purpose}`);
    this.byId = this.keys.then((keys) => new Map(keys.map((k) => [k.id, k])));
  }

  async seal(context: string, plaintext: string): Promise<string> {
    const key = (await this.keys)[0]!;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8.encode(context) },
      key.key,
      utf8.encode(plaintext),
    );
    return `${FORMAT}.${key.id}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
  }

  /** Throws `cache_decrypt_failed` for a foreign, tampered, moved or unknown-key record. */
  async open(context: string, record: string): Promise<string> {
    const [format, keyId, ivText, sealedText, extra] = record.split('.');
    const key = keyId === undefined ? undefined : (await this.byId).get(keyId);
    const iv = ivText === undefined ? null : fromBase64Url(ivText);
    const sealed = sealedText === undefined ? null : fromBase64Url(sealedText);
    if (format !== FORMAT || extra !== undefined || !key || !iv || iv.length !== 12 || !sealed) {
      throw openFailed();
    }
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: utf8.encode(context) },
        key.key,
        sealed,
      );
      return fromUtf8.decode(plain);
    } catch (cause) {
      throw openFailed(cause);
    }
  }

  /** `open`, or `null` for a record that does not open (treated like a missing one). */
  async openOrNull(context: string, record: string | null | undefined): Promise<string | null> {
    if (typeof record !== 'string' || record.length > 16_384) return null;
    try {
      return await this.open(context, record);
    } catch {
      return null;
    }
  }
}

function openFailed(cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.CacheDecryptFailed, 'a stored record cannot be decrypted', { cause });
}
