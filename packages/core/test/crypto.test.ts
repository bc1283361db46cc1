import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../src/create-identity-web.js';
import { CookieSigner } from '../src/crypto/cookie-signer.js';
import { RecordCipher } from '../src/crypto/record-cipher.js';
import { MemorySessionStore } from '../src/stores/memory-session-store.js';
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

describe('RecordCipher', () => {
  it('round-trips and rejects a record opened under another context, tampered or with an unknown key', async () => {
    const cipher = new RecordCipher([SECRET], 'token cache v1');
    const blob = await cipher.seal('alice', '{"rt":"secret"}');
    expect(blob).not.toContain('secret');
    expect(await cipher.open('alice', blob)).toBe('{"rt":"secret"}');
    await expect(cipher.open('bob', blob)).rejects.toMatchObject({ code: 'cache_decrypt_failed' });
    const [v, kid, iv, body] = blob.split('.');
    const flipped = `${v}.${kid}.${iv}.${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}A`;
    await expect(cipher.open('alice', flipped)).rejects.toMatchObject({ code: 'cache_decrypt_failed' });
    await expect(new RecordCipher(['z'.repeat(32)], 'token cache v1').open('alice', blob)).rejects.toMatchObject({
      code: 'cache_decrypt_failed',
    });
    const rotated = new RecordCipher(['z'.repeat(32), SECRET], 'token cache v1');
    expect(await rotated.open('alice', blob)).toBe('{"rt":"secret"}');
    // One key per purpose: a partition never opens as a session record.
    await expect(new RecordCipher([SECRET], 'session v1').open('alice', blob)).rejects.toMatchObject({
      code: 'cache_decrypt_failed',
    });
  });

  it('refuses to serve tokens from a partition blob copied from another user, and drops it', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    const stolen = await t.tokenCache.getPartition(alice.accountKey);
    const bobs = await t.tokenCache.getPartition(bob.accountKey);
    await t.tokenCache.setPartition(bob.accountKey, stolen!, bobs!.version, 60);
    await expect(t.identity.acquireToken(bob.account, { scopes: [API] })).rejects.toMatchObject({
      code: 'interaction_required',
    });
    expect(await t.tokenCache.getPartition(bob.accountKey)).toBeNull();
  });

  it('refuses a partition blob written back under a version it was not sealed for', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const old = await t.tokenCache.getPartition(alice.accountKey);
    await t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true });
    const current = await t.tokenCache.getPartition(alice.accountKey);
    expect(current!.version).not.toBe(old!.version);
    await t.tokenCache.setPartition(
      alice.accountKey,
      { value: old!.value, version: current!.version },
      current!.version,
      60,
    );
    await expect(t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true })).rejects.toMatchObject({
      code: 'interaction_required',
    });
  });
});

describe('session cookies', () => {
  async function signedInBrowser(sessionTtlSeconds = 3600) {
    const clock = new ManualClock();
    const idp = new FakeIdentityProvider(clock);
    // A store whose own clock stands still: it keeps records past their TTL, as a lagging store might.
    const sessionStore = new MemorySessionStore(new ManualClock());
    const identity = createIdentityWeb({
      stores: { sessionStore },
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
    return { clock, identity, browser, authenticated, sessionStore };
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
    const { clock, authenticated, sessionStore } = await signedInBrowser(60);
    clock.advance(61_000);
    expect(await sessionStore.countSessions()).toBe(1);
    expect(await authenticated()).toBe(false);
  });
});
