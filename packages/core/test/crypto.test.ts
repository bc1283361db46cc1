import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { TOKENS } from '../src/config/tokens.js';
import { containerOf, createIdentityWeb } from '../src/create-identity-web.js';
import { CacheCipher } from '../src/crypto/cache-cipher.js';
import { CookieSigner } from '../src/crypto/cookie-signer.js';
import { API, setup } from './helpers.js';
import { webApp } from './web-app.js';

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

  it('rotates secrets: the first signs, every one verifies', async () => {
    const old = new CookieSigner(['o'.repeat(32)]);
    const rotated = new CookieSigner([SECRET, 'o'.repeat(32)]);
    expect(await rotated.verify('n', await old.sign('n', 'v'))).toBe('v');
    expect(await old.verify('n', await rotated.sign('n', 'v'))).toBeNull();
  });
});

describe('CacheCipher', () => {
  it('round-trips and rejects a blob copied into another partition', async () => {
    const cipher = new CacheCipher([SECRET]);
    const blob = await cipher.encrypt('alice', '{"rt":"secret"}');
    expect(blob).not.toContain('secret');
    expect(await cipher.decrypt('alice', blob)).toBe('{"rt":"secret"}');
    await expect(cipher.decrypt('bob', blob)).rejects.toMatchObject({ code: 'cache_decrypt_failed' });
    const [v, kid, iv, body] = blob.split('.');
    const flipped = `${v}.${kid}.${iv}.${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}A`;
    await expect(cipher.decrypt('alice', flipped)).rejects.toMatchObject({ code: 'cache_decrypt_failed' });
    await expect(new CacheCipher(['z'.repeat(32)]).decrypt('alice', blob)).rejects.toMatchObject({
      code: 'cache_decrypt_failed',
    });
    expect(await new CacheCipher(['z'.repeat(32), SECRET]).decrypt('alice', blob)).toBe('{"rt":"secret"}');
  });

  it('refuses to serve tokens from a partition blob copied from another user', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    const stolen = await t.tokenCache.getPartition(alice.accountKey);
    const bobs = await t.tokenCache.getPartition(bob.accountKey);
    await t.tokenCache.setPartition(bob.accountKey, stolen!.value, bobs!.version, 60);
    await expect(t.identity.acquireToken(bob.account, { scopes: [API] })).rejects.toMatchObject({
      code: 'cache_decrypt_failed',
    });
  });
});

describe('session cookies', () => {
  async function signedInBrowser(sessionTtlSeconds = 3600) {
    const clock = new ManualClock();
    const idp = new FakeIdentityProvider(clock);
    const identity = createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: SECRET,
      clock,
      session: { ttlSeconds: sessionTtlSeconds },
    });
    const app = await webApp(identity);
    const browser = new TestBrowser(app.fetch);
    const start = await browser.fetch('/auth/sign-in');
    await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice')}`);
    const authenticated = async () =>
      ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { authenticated: boolean }).authenticated;
    return { clock, identity, browser, authenticated };
  }

  it('accepts its own cookie and rejects a tampered one', async () => {
    const { browser, authenticated } = await signedInBrowser();
    expect(await authenticated()).toBe(true);
    const value = browser.cookies.get('iw.session')!;
    browser.cookies.set('iw.session', `x${value.slice(1)}`);
    expect(await authenticated()).toBe(false);
  });

  it('rejects a cookie signed with another app secret (foreign)', async () => {
    const { browser, authenticated } = await signedInBrowser();
    const id = browser.cookies.get('iw.session')!.split('.')[0]!;
    browser.cookies.set('iw.session', await new CookieSigner(['f'.repeat(32)]).sign('iw.session', id));
    expect(await authenticated()).toBe(false);
  });

  it('rejects an expired session even if the store still holds it', async () => {
    const { clock, authenticated, identity } = await signedInBrowser(60);
    clock.advance(61_000);
    expect(await authenticated()).toBe(false);
    expect(containerOf(identity).isRegistered(TOKENS.SessionStore)).toBe(true);
  });
});
