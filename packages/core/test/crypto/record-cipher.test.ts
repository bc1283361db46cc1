import { describe, expect, it } from 'vitest';
import { RecordCipher } from '../../src/crypto/record-cipher.js';
import { API, setup } from '../support/helpers.js';

const SECRET = 'k'.repeat(32);

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
