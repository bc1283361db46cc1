import { describe, expect, it } from 'vitest';
import { Partitions } from '../../src/records/partitions.js';
import { API, setup } from '../support/helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AcquireToken with the lifetimes providers issue', () => {
  for (const lifetime of [8, 60, 300, 3600]) {
    for (const hotIndexMaxAccounts of [10_000, 0]) {
      const where = hotIndexMaxAccounts === 0 ? 'the partition' : 'the hot index';
      it(`serves a ${lifetime} s token from ${where} until min(300 s, a quarter of it) is left, then refreshes once`, async () => {
        const t = setup({ tokenCache: { hotIndexMaxAccounts } }, { tokenLifetimeSeconds: lifetime });
        const alice = await t.signIn('alice');
        const first = await t.identity.acquireToken(alice.account, { scopes: API });
        const grants = t.idp.calls.refresh;
        // Five calls in the first half of its life: all from the cache.
        for (let i = 0; i < 5; i++) {
          t.clock.advance((lifetime * 1000) / 10);
          expect((await t.identity.acquireToken(alice.account, { scopes: API })).accessToken).toBe(first.accessToken);
        }
        expect(t.idp.calls.refresh).toBe(grants);
        // Just before the margin it is still served; just inside it, it is due.
        const margin = Math.min(300_000, lifetime * 250);
        t.clock.advance(first.expiresAt - margin - 1 - t.clock.now());
        expect((await t.identity.acquireToken(alice.account, { scopes: API })).accessToken).toBe(first.accessToken);
        t.clock.advance(2);
        t.idp.refreshDelayMs = 5;
        const storm = await Promise.all(
          Array.from({ length: 1000 }, () => t.identity.acquireToken(alice.account, { scopes: API })),
        );
        expect(t.idp.calls.refresh).toBe(grants + 1);
        expect(new Set(storm.map((x) => x.accessToken)).size).toBe(1);
        expect(storm[0]!.accessToken).not.toBe(first.accessToken);
        // And the new token is served from the cache afterwards.
        t.clock.advance(1000);
        expect((await t.identity.acquireToken(alice.account, { scopes: API })).accessToken).toBe(storm[0]!.accessToken);
        expect(t.idp.calls.refresh).toBe(grants + 1);
      });
    }
  }
});

describe('AcquireToken with an IdP that reports no usable issue time', () => {
  it('still serves the token from the hot index, keeping the whole skew', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const silent = t.idp.acquireTokenSilent.bind(t.idp);
    let calls = 0;
    t.idp.acquireTokenSilent = async (...args) => {
      calls++;
      return { ...(await silent(...args)), issuedAt: Number.NaN };
    };
    const first = await t.identity.acquireToken(alice.account, { scopes: API });
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10_000); // within the hot entry's minute
      expect((await t.identity.acquireToken(alice.account, { scopes: API })).accessToken).toBe(first.accessToken);
    }
    expect(calls).toBe(1); // a NaN due time would send every call to the IdP
  });
});

describe('AcquireToken writing a refresh back', () => {
  it('keeps the rotated refresh token when another write of the same sign-in got in first', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const partitions = t.container.resolve(Partitions);
    t.idp.refreshDelayMs = 30;
    const inFlight = t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true });
    await sleep(5); // the refresh is at the IdP, which has spent the refresh token it was sent
    // Another writer of the same sign-in (an instance whose lease lapsed) changes the version.
    const current = (await partitions.read(alice.accountKey))!;
    expect(await partitions.write(alice.accountKey, current.plaintext, current.version)).not.toBeNull();
    const refreshed = await inFlight;
    // The rotated refresh token is in the store: the next refresh works (the fake refuses a spent one).
    const stored = JSON.parse((await partitions.read(alice.accountKey))!.plaintext) as { rt: string };
    expect(stored.rt).not.toBe((JSON.parse(current.plaintext) as { rt: string }).rt);
    t.idp.refreshDelayMs = 0;
    const next = await t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true });
    expect(next.accessToken).not.toBe(refreshed.accessToken);
  });

  it('leaves the tokens of a sign-in that replaced the partition during the refresh', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const partitions = t.container.resolve(Partitions);
    t.idp.refreshDelayMs = 30;
    const inFlight = t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true });
    await sleep(5);
    t.idp.refreshDelayMs = 0;
    await t.signIn('alice', 'sid-alice-2'); // a new sign-in of the same account, elsewhere
    const signedIn = (await partitions.read(alice.accountKey))!;
    await inFlight; // the caller still gets its (valid) token
    expect(await partitions.read(alice.accountKey)).toEqual(signedIn);
  });

  it('gives up with a 503 when the partition keeps changing under every write', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const partitions = t.container.resolve(Partitions);
    const write = partitions.write.bind(partitions);
    // Every write-back loses: someone of the same sign-in writes just before it.
    partitions.write = async (key, text, expected, lineage) => {
      const current = await partitions.read(key);
      if (current !== null && expected !== null && lineage !== undefined) await write(key, text, current.version);
      return write(key, text, expected, lineage);
    };
    await expect(t.identity.acquireToken(alice.account, { scopes: [API], forceRefresh: true })).rejects.toMatchObject({
      code: 'store_conflict',
      status: 503,
    });
  });
});
