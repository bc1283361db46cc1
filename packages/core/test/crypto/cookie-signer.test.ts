import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../src/crypto/cookie-signer.js';

const SECRET = 'k'.repeat(32);

describe('CookieSigner', () => {
  it('verifies its own signature and rejects tampering, foreign keys and other cookie names', async () => {
    const signer = new CookieSigner([SECRET]);
    const signed = await signer.sign('iw.session', 'abc');
    expect(await signer.verify('iw.session', signed)).toBe('abc');
    expect(await signer.verify('iw.session', signed.replace('abc', 'abd'))).toBeNull();
    expect(await signer.verify('iw.signin', signed)).toBeNull();
    expect(await new CookieSigner(['o'.repeat(32)]).verify('iw.session', signed)).toBeNull();
    for (const junk of [undefined, '', '.', 'abc', 'abc.', 'abc.!!', `${'x'.repeat(5000)}.y`]) {
      expect(await signer.verify('iw.session', junk)).toBeNull();
    }
  });

  it("accepts one spelling of a signature: not the ones that differ only in base64url's unused bits", async () => {
    const signer = new CookieSigner([SECRET]);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const value of ['abc', 'another-session-id', 'x']) {
      const signed = await signer.sign('iw.session', value);
      expect(await signer.verify('iw.session', signed)).toBe(value);
      // 32 bytes are 43 characters, the last of which carries 4 bits and 2 unused ones: the
      // three other characters with the same 4 bits decode to the same MAC.
      const last = alphabet.indexOf(signed.at(-1)!);
      for (const unused of [1, 2, 3]) {
        const variant = `${signed.slice(0, -1)}${alphabet[last ^ unused]}`;
        expect(await signer.verify('iw.session', variant)).toBeNull();
      }
    }
  });

  it('rotates secrets: the first signs, every one verifies', async () => {
    const old = new CookieSigner(['o'.repeat(32)]);
    const rotated = new CookieSigner([SECRET, 'o'.repeat(32)]);
    expect(await rotated.verify('n', await old.sign('n', 'v'))).toBe('v');
    expect(await old.verify('n', await rotated.sign('n', 'v'))).toBeNull();
  });
});
