import { describe, expect, it, vi } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { Partitions } from '../../src/records/partitions.js';
import { MemoryRefreshLease } from '../../src/stores/memory-refresh-lease.js';
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

describe('AcquireToken waiting for another instance that holds the refresh lease', () => {
  const MAX_WAIT_MS = 400;

  /** Two instances (a and b) of one app on shared stores; `lease` is what the other instance holds. */
  async function twoInstances() {
    const a = setup({ tokenCache: { hotIndexMaxAccounts: 0 } });
    const lease = new MemoryRefreshLease(a.clock, { maxWaitMs: MAX_WAIT_MS });
    const b = createIdentityWeb({
      identityProvider: a.idp,
      baseUrl: 'http://localhost:3000',
      secret: 'a-test-secret-that-is-long-enough-0000',
      scopes: ['openid', 'offline_access', API],
      clock: a.clock,
      stores: {
        sessionStore: a.sessions,
        tokenCacheStore: a.tokenCache,
        accountRegistry: a.registry,
        refreshLease: lease,
      },
    });
    const alice = await a.signIn('alice');
    await a.identity.acquireToken(alice.account, { scopes: API });
    a.clock.advance(3600_000); // the token expired
    const held = (await lease.acquire(`refresh:${alice.accountKey}`, 60_000))!; // the other instance refreshes
    return { a, b, alice, lease, held };
  }

  it('gives up with a 503 after the lease’s maxWaitMs, not the 10 s default', async () => {
    const { b, alice } = await twoInstances();
    const started = performance.now();
    await expect(b.acquireToken(alice.account, { scopes: API })).rejects.toMatchObject({
      code: 'store_conflict',
      status: 503,
    });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(MAX_WAIT_MS - 5);
    expect(waited).toBeLessThan(MAX_WAIT_MS + 1000);
  });

  it('serves the holder’s fresh token as soon as it is stored, without a refresh of its own', async () => {
    const { a, b, alice } = await twoInstances();
    const refreshes = a.idp.calls.refresh;
    const started = performance.now();
    const waiting = b.acquireToken(alice.account, { scopes: API });
    await sleep(60);
    // The holder's refresh lands in the store (the lease stays held: its release could fail).
    const partitions = a.container.resolve(Partitions);
    const read = (await partitions.read(alice.accountKey))!;
    const request = { scopes: [API], forceRefresh: false, refreshSkewSeconds: 300 };
    const refreshed = await a.idp.acquireTokenSilent(read.plaintext, alice.account, request);
    await partitions.write(alice.accountKey, refreshed.partition!, read.version);
    const token = await waiting;
    expect(token.accessToken).toBe(refreshed.accessToken);
    expect(a.idp.calls.refresh).toBe(refreshes + 1); // the holder's, and no other
    expect(performance.now() - started).toBeLessThan(MAX_WAIT_MS);
  });

  it('releases its lease later when the store failed the release, so others need not wait out its lifetime', async () => {
    const { a, b, alice, lease, held } = await twoInstances();
    await lease.release(`refresh:${alice.accountKey}`, held);
    // b refreshes and holds the lease; its release meets a store that is away (a failover).
    const release = lease.release.bind(lease);
    let failing = 2;
    const attempts: number[] = [];
    lease.release = async (key, token) => {
      attempts.push(performance.now());
      if (failing-- > 0) throw new Error('CLUSTERDOWN The cluster is down');
      return release(key, token);
    };
    await b.acquireToken(alice.account, { scopes: API });
    expect(attempts).toHaveLength(1);
    // The store is back within a few hundred ms: the lease is free long before its 15 s lapse.
    await vi.waitFor(() => expect(attempts).toHaveLength(3), { timeout: 2000, interval: 20 });
    const again = await lease.acquire(`refresh:${alice.accountKey}`, 60_000);
    expect(again).not.toBeNull();
    expect(a.idp.calls.refresh).toBeGreaterThan(0);
  });

  it('still refreshes itself when the holder releases the lease without storing a token', async () => {
    const { b, alice, lease, held } = await twoInstances();
    const waiting = b.acquireToken(alice.account, { scopes: API });
    await sleep(60);
    await lease.release(`refresh:${alice.accountKey}`, held);
    expect((await waiting).accessToken).toEqual(expect.any(String));
  });
});
