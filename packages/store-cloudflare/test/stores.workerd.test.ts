import { createHash, randomUUID } from 'node:crypto';
import {
  type AccountRegistry,
  DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  type ReplayCache,
  type SessionStore,
  type TokenCacheStore,
} from '@identity-web/core/store';
import {
  createScenarioWorld,
  describeApiStoreScenarios,
  describeStoreSetContract,
  SHARED_SIGNALS_SCENARIOS,
  testEntry,
  webScenarioApp,
} from '@identity-web/core/testing';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failRemovals, remotePort, remoteStoreSet, startStoresWorker, storageOf } from './remote-stores.js';

// The core's store contracts, all six: the durable stores inside workerd, each call over HTTP into
// a worker that runs the real Durable Object code (SQLite-backed storage, alarms), and the set's
// in-isolate invalidation bus here.
let mf: Miniflare;
beforeAll(async () => {
  mf = await startStoresWorker();
});
afterAll(() => mf?.dispose());

describeStoreSetContract(
  'Durable Objects in workerd',
  remoteStoreSet(() => mf),
);

// A protected API's state on these stores: a used DPoP proof, an ended session, a token had on a
// user's behalf, seen by a second instance.
describeApiStoreScenarios(
  'Durable Objects in workerd',
  remoteStoreSet(() => mf),
);

// Shared Signals on these stores: the registry finds the subject, the replay cache claims and
// remembers each SET, the refresh lease elects the poller — each call into workerd.
describe('Shared Signals on Durable Objects in workerd', () => {
  for (const scenario of SHARED_SIGNALS_SCENARIOS) {
    it(scenario.name, async () => {
      const { stores } = await remoteStoreSet(() => mf)();
      const world = await createScenarioWorld(
        webScenarioApp,
        { ...scenario.options, stores },
        scenario.sharedSignals === undefined ? {} : { sharedSignals: scenario.sharedSignals },
      );
      try {
        await scenario.run(world);
      } finally {
        await world.close();
      }
    });
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nameOf = (prefix: string, role: string, ...key: string[]) => JSON.stringify([prefix, role, ...key]);

describe('IdentityWebDurableObject storage', () => {
  it('deletes an expired record with its alarm, so an idle object ends up empty', async () => {
    const prefix = randomUUID();
    const sessions = remotePort<SessionStore>(mf, 'sessionStore', prefix);
    await sessions.setSession('s1', 'sealed', 1);
    const before = await storageOf(mf, nameOf(prefix, 'session', 's1'));
    expect(before.keys).toEqual(['record']);
    expect(before.alarm).toBeGreaterThan(Date.now() - 1000);
    for (let i = 0; i < 40 && (await storageOf(mf, nameOf(prefix, 'session', 's1'))).keys.length > 0; i++) {
      await sleep(100);
    }
    expect(await storageOf(mf, nameOf(prefix, 'session', 's1'))).toEqual({ keys: [], alarm: null });
  });

  it('forgetAccount deletes the index copies too, not only the account list', async () => {
    const prefix = randomUUID();
    const registry = remotePort<AccountRegistry>(mf, 'accountRegistry', prefix);
    const entry = testEntry('a1', 'alice', 'x1');
    await registry.recordSignIn(entry, 60);
    const sid = nameOf(prefix, 'sid', entry.issuer, 'x1');
    const sub = nameOf(prefix, 'sub', entry.issuer, 'alice');
    expect((await storageOf(mf, sid)).keys).toHaveLength(1);
    expect((await storageOf(mf, sub)).keys).toHaveLength(1);
    expect(await registry.forgetAccount('key-alice')).toEqual([entry]);
    for (const name of [sid, sub, nameOf(prefix, 'account', 'key-alice')]) {
      expect(await storageOf(mf, name)).toEqual({ keys: [], alarm: null });
    }
  });

  it('forgetAccount that fails half-way keeps the account entries, so a retry still finds and removes all', async () => {
    const prefix = randomUUID();
    const registry = remotePort<AccountRegistry>(mf, 'accountRegistry', prefix);
    const entry = testEntry('a1', 'alice', 'x1');
    await registry.recordSignIn(entry, 60);
    const sid = nameOf(prefix, 'sid', entry.issuer, 'x1');
    await failRemovals(mf, sid, true);
    await expect(registry.forgetAccount('key-alice')).rejects.toMatchObject({ code: 'store_unavailable' });
    expect(await registry.findBySid(entry.issuer, 'x1')).toEqual([entry]); // a logout still finds it
    await failRemovals(mf, sid, false);
    expect(await registry.forgetAccount('key-alice')).toEqual([entry]);
    expect(await registry.findBySid(entry.issuer, 'x1')).toEqual([]);
    expect(await registry.findBySubject(entry.issuer, 'alice')).toEqual([]);
  });

  it('drops the oldest entry of a full account from its index objects too, in insertion order across touches', async () => {
    const prefix = randomUUID();
    const registry = remotePort<AccountRegistry>(mf, 'accountRegistry', prefix);
    // Session ids that sort the other way round from their insertion, so key order cannot pass for it.
    const entries = Array.from({ length: DEFAULT_MAX_ENTRIES_PER_ACCOUNT }, (_, i) =>
      testEntry(`s${999 - i}`, 'alice', `x${i}`),
    );
    for (const entry of entries) await registry.recordSignIn(entry, 60);
    await registry.touchAccount('key-alice', 120); // rewrites every entry: each keeps its place
    expect(await registry.recordSignIn(testEntry('newest', 'alice', 'new'), 60)).toEqual([entries[0]]);
    expect(await storageOf(mf, nameOf(prefix, 'sid', entries[0]!.issuer, 'x0'))).toEqual({ keys: [], alarm: null });
    expect(await registry.findBySubject(entries[0]!.issuer, 'alice')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
    expect(await registry.recordSignIn(testEntry('newer', 'alice'), 60)).toEqual([entries[1]]);
    expect((await storageOf(mf, nameOf(prefix, 'account', 'key-alice'))).keys).toHaveLength(
      DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
    );
  });

  it('forgetSession deletes the entry and its index copies, keeps the last one, and forgetAccount then leaves the objects empty', async () => {
    const prefix = randomUUID();
    const registry = remotePort<AccountRegistry>(mf, 'accountRegistry', prefix);
    const first = testEntry('a1', 'alice', 'x1');
    await registry.recordSignIn(first, 60);
    await registry.recordSignIn(testEntry('a2', 'alice', 'x2'), 60);
    expect(await registry.forgetSession('key-alice', 'a1')).toBe(1);
    expect(await storageOf(mf, nameOf(prefix, 'sid', first.issuer, 'x1'))).toEqual({ keys: [], alarm: null });
    expect((await storageOf(mf, nameOf(prefix, 'sub', first.issuer, 'alice'))).keys).toHaveLength(1);
    // The last entry stays (fail closed): the core removes the whole account, entries last.
    expect(await registry.forgetSession('key-alice', 'a2')).toBe(0);
    expect((await storageOf(mf, nameOf(prefix, 'sid', first.issuer, 'x2'))).keys).toHaveLength(1);
    expect(await registry.forgetAccount('key-alice')).toHaveLength(1);
    for (const name of [
      nameOf(prefix, 'sid', first.issuer, 'x2'),
      nameOf(prefix, 'sub', first.issuer, 'alice'),
      nameOf(prefix, 'account', 'key-alice'),
    ]) {
      expect(await storageOf(mf, name)).toEqual({ keys: [], alarm: null });
    }
  });

  it('keeps a 16 KB replay key in the object named by its SHA-256, and refuses its replay', async () => {
    const prefix = randomUUID();
    const replays = remotePort<ReplayCache>(mf, 'replayCache', prefix);
    const key = `https://idp.example\u0000${'j'.repeat(16 * 1024)}`;
    expect(await replays.putIfAbsent(key, 60)).toBe(true);
    expect(await replays.has(key)).toBe(true);
    expect(await replays.putIfAbsent(key, 60)).toBe(false);
    expect(await replays.has(`${key}x`)).toBe(false);
    const hashed = nameOf(prefix, 'replay', createHash('sha256').update(key).digest('base64url'));
    expect((await storageOf(mf, hashed)).keys).toEqual(['record']);
    expect(await storageOf(mf, nameOf(prefix, 'replay', key))).toEqual({ keys: [], alarm: null });
  });

  it('keeps prefixes apart: two apps on one binding never see each other', async () => {
    const a = remotePort<TokenCacheStore>(mf, 'tokenCacheStore', randomUUID());
    const b = remotePort<TokenCacheStore>(mf, 'tokenCacheStore', randomUUID());
    expect(await a.setPartition('k', { value: 'A', version: '1' }, null, 60)).toBe(true);
    expect(await b.getPartition('k')).toBeNull();
    expect(await b.setPartition('k', { value: 'B', version: '2' }, null, 60)).toBe(true);
    expect(await a.getPartition('k')).toEqual({ value: 'A', version: '1' });
  });
});
