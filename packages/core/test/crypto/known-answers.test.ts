import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../src/crypto/cookie-signer.js';
import { fromBase64Url, toBase64Url } from '../../src/crypto/encoding.js';
import { deriveAesKeys, deriveHmacKeys } from '../../src/crypto/keys.js';
import { RecordCipher } from '../../src/crypto/record-cipher.js';

// Known answers, computed once with node:crypto (an implementation independent of Web Crypto):
// key = HKDF-SHA-256(secret, salt "identity-web", info "identity-web <purpose>"), key id = the first
// 6 bytes of SHA-256("kid\0<info>\0<secret>"). A changed label, salt, key id or wire format breaks
// every cookie and record already in browsers and stores: these values must never move.
const SECRET = 'known-answer-secret-0123456789abcdef';
const COOKIE_KID = 'QHDzJbo5';
const SIGNED_ABC = 'abc.9O89PDjzsMYDvfGDI7vPs_Zo7rZkfGxBHaie9r6U17k';
// AES-256-GCM of '{"rt":"secret"}' under the "token cache v1" key, IV 00..0b, additional data "alice".
const CACHE_RECORD = 'v1.ESbFQPUi.AAECAwQFBgcICQoL.6-N9_ZFFvhMuuELhvTAh6tS9_d51uNtvs06-y2v-mw';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The AES key of a purpose, derived here without the core's key code. */
async function aesKey(purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', bytes(SECRET), 'HKDF', false, ['deriveKey']);
  const info = bytes(`identity-web ${purpose}`);
  const params = { name: 'HKDF', hash: 'SHA-256', salt: bytes('identity-web'), info };
  return crypto.subtle.deriveKey(params, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** A record sealed outside the core, so its format can be varied. */
async function sealWith(context: string, plaintext: string, iv: Uint8Array<ArrayBuffer>): Promise<string> {
  const params = { name: 'AES-GCM', iv, additionalData: bytes(context) };
  const body = await crypto.subtle.encrypt(params, await aesKey('token cache v1'), bytes(plaintext));
  return `v1.ESbFQPUi.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(body))}`;
}

describe('key derivation (known answers)', () => {
  it('derives the same key ids as ever, one per purpose and secret', async () => {
    const [hmac] = await deriveHmacKeys([SECRET], 'identity-web cookie v1');
    expect(hmac!.id).toBe(COOKIE_KID);
    const [aes] = await deriveAesKeys([SECRET], 'identity-web token cache v1');
    expect(aes!.id).toBe('ESbFQPUi');
    const [other] = await deriveAesKeys(['another-secret-0123456789abcdef0123'], 'identity-web token cache v1');
    expect(other!.id).not.toBe('ESbFQPUi');
  });

  it('keeps derived keys inside Web Crypto: not extractable, usable only for their purpose', async () => {
    const [hmac] = await deriveHmacKeys([SECRET], 'identity-web cookie v1');
    expect(hmac!.key.extractable).toBe(false);
    expect([...hmac!.key.usages].sort()).toEqual(['sign', 'verify']);
    expect(hmac!.key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 });
    const [aes] = await deriveAesKeys([SECRET], 'identity-web token cache v1');
    expect(aes!.key.extractable).toBe(false);
    expect([...aes!.key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    expect(aes!.key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
  });
});

describe('CookieSigner (known answers)', () => {
  it('signs with HMAC-SHA-256 over "<name>=<value>" under the cookie key', async () => {
    expect(await new CookieSigner([SECRET]).sign('iw.session', 'abc')).toBe(SIGNED_ABC);
    expect(await new CookieSigner([SECRET]).verify('iw.session', SIGNED_ABC)).toBe('abc');
  });

  it('accepts a signed cookie of exactly 4,096 characters and nothing longer, however well signed', async () => {
    const signer = new CookieSigner([SECRET]);
    // "<value>.<43 characters of MAC>"
    const longest = await signer.sign('n', 'v'.repeat(4096 - 44));
    expect(longest).toHaveLength(4096);
    expect(await signer.verify('n', longest)).toBe('v'.repeat(4096 - 44));
    const tooLong = await signer.sign('n', 'v'.repeat(4096 - 43));
    expect(await signer.verify('n', tooLong)).toBeNull();
  });

  it('never yields an empty value, and keeps dots inside the value', async () => {
    const signer = new CookieSigner([SECRET]);
    expect(await signer.verify('n', await signer.sign('n', ''))).toBeNull();
    expect(await signer.verify('n', await signer.sign('n', 'a.b'))).toBe('a.b');
  });

  it('refuses a MAC of the wrong length or alphabet instead of failing', async () => {
    const signer = new CookieSigner([SECRET]);
    const [value, mac] = SIGNED_ABC.split('.');
    for (const bad of [`${value}.${mac!.slice(0, -2)}`, `${value}.${mac}AA`, `${value}.${mac!.replace('_', '/')}`]) {
      expect(await signer.verify('iw.session', bad)).toBeNull();
    }
  });
});

describe('RecordCipher (known answers)', () => {
  it('opens a record sealed with a fixed IV outside the core: label, salt, key id and format are fixed', async () => {
    const cipher = new RecordCipher([SECRET], 'token cache v1');
    expect(await cipher.open('alice', CACHE_RECORD)).toBe('{"rt":"secret"}');
    expect(await cipher.openOrNull('bob', CACHE_RECORD)).toBeNull();
  });

  it('seals as v1.<key id>.<12-byte IV>.<ciphertext+tag>, with the context as additional data', async () => {
    const sealed = await new RecordCipher([SECRET], 'token cache v1').seal('alice', '{"rt":"secret"}');
    const [format, kid, iv, body, extra] = sealed.split('.');
    expect([format, kid, extra]).toEqual(['v1', 'ESbFQPUi', undefined]);
    expect(fromBase64Url(iv!)).toHaveLength(12);
    const params = { name: 'AES-GCM', iv: fromBase64Url(iv!)!, additionalData: bytes('alice') };
    const plain = await crypto.subtle.decrypt(params, await aesKey('token cache v1'), fromBase64Url(body!)!);
    expect(new TextDecoder().decode(plain)).toBe('{"rt":"secret"}');
  });

  it('picks a fresh IV for every record', async () => {
    const cipher = new RecordCipher([SECRET], 'token cache v1');
    const ivs = new Set<string>();
    for (let i = 0; i < 20; i++) ivs.add((await cipher.seal('alice', 'x')).split('.')[2]!);
    expect(ivs.size).toBe(20);
  });

  it('refuses records that are well sealed but not in the v1 format', async () => {
    const cipher = new RecordCipher([SECRET], 'token cache v1');
    const iv16 = await sealWith('alice', 'x', new Uint8Array(16).fill(7));
    const iv12 = await sealWith('alice', 'x', new Uint8Array(12).fill(7));
    expect(await cipher.open('alice', iv12)).toBe('x');
    const malformed = [
      iv16,
      `${iv12}.extra`,
      iv12.replace(/^v1\./, 'v2.'),
      'v1',
      'v1.ESbFQPUi',
      'v1.ESbFQPUi.!!!!.AAAA',
      'v1.ESbFQPUi.AAECAwQFBgcICQoL',
      'v1.ESbFQPUi.AAECAwQFBgcICQoL.!!!!',
      'v1.unknown.AAECAwQFBgcICQoL.AAAA',
    ];
    for (const record of malformed) {
      await expect(cipher.open('alice', record), record).rejects.toMatchObject({
        code: 'cache_decrypt_failed',
        status: 500,
        message: 'a stored record cannot be decrypted',
      });
      expect(await cipher.openOrNull('alice', record)).toBeNull();
    }
  });

  it('opens records up to 16 KiB and treats a longer one as missing, unopened', async () => {
    const cipher = new RecordCipher([SECRET], 'token cache v1');
    // 29 characters of framing + base64url of (plaintext + 16-byte tag).
    const at = await cipher.seal('alice', 'p'.repeat(12_250));
    expect(at).toHaveLength(16_384);
    expect(await cipher.openOrNull('alice', at)).toBe('p'.repeat(12_250));
    const over = await cipher.seal('alice', 'p'.repeat(12_251));
    expect(over).toHaveLength(16_385);
    expect(await cipher.open('alice', over)).toBe('p'.repeat(12_251));
    expect(await cipher.openOrNull('alice', over)).toBeNull();
    expect(await cipher.openOrNull('alice', undefined)).toBeNull();
    expect(await cipher.openOrNull('alice', null)).toBeNull();
  });
});
