// Signs and verifies cookie values with HMAC-SHA-256, the cookie's name in the MAC, every secret verifying.
import { fromBase64Url, toBase64Url, utf8 } from './encoding.js';
import { type DerivedKey, deriveHmacKeys } from './keys.js';

/**
 * Signs cookie values with HMAC-SHA-256 (Web Crypto). The cookie *name* is part of the MAC,
 * so a value signed for one cookie (say a sign-in binding) is rejected under another name.
 * Secret rotation: the first key signs, every key verifies.
 */
export class CookieSigner {
  // Derived lazily so construction stays synchronous; every call awaits the same promise.
  private readonly keys: Promise<DerivedKey[]>;

  constructor(secrets: readonly string[]) {
    this.keys = deriveHmacKeys(secrets, 'identity-web cookie v1');
  }

  async sign(name: string, value: string): Promise<string> {
    const key = (await this.keys)[0]!;
    const mac = await crypto.subtle.sign('HMAC', key.key, utf8.encode(`${name}=${value}`));
    return `${value}.${toBase64Url(new Uint8Array(mac))}`;
  }

  /** The value, or `null` when the signature is missing, malformed or made by no known key. */
  async verify(name: string, signed: string | undefined | null): Promise<string | null> {
    if (typeof signed !== 'string' || signed.length > 4096) return null;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return null;
    const value = signed.slice(0, dot);
    const encoded = signed.slice(dot + 1);
    const mac = fromBase64Url(encoded);
    // One spelling per MAC: base64url's last character of 32 bytes carries two unused bits, and
    // a decoder ignores them, so without this four strings would verify for one signed value (and
    // each be remembered apart in the session memo).
    if (mac === null || mac.length !== 32 || toBase64Url(mac) !== encoded) return null;
    const data = utf8.encode(`${name}=${value}`);
    for (const key of await this.keys) {
      // crypto.subtle.verify compares in constant time.
      if (await crypto.subtle.verify('HMAC', key.key, mac, data)) return value;
    }
    return null;
  }
}
