import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createRedisStores, type RedisStores, type RedisStoresOptions } from '../../src/index.js';
import { Keys } from '../../src/keys.js';
import { eventually } from '../support/in-time.js';
import { redisCli } from '../support/redis-cli.js';
import { ownerOf, type RedisClusterHandle, replicasOf, startRedisCluster } from '../support/redis-cluster.js';
import type { RedisServer } from '../support/redis-server.js';

const ISSUER = 'https://idp.test';
/** The nodes' cluster-node-timeout (see redis-server.ts): a dead master is failed over after it. */
const NODE_TIMEOUT_MS = 2000;
const DEADLINE_MS = 1000;

function storesOn(cluster: RedisClusterHandle, prefix: string, extra: Partial<RedisStoresOptions> = {}): RedisStores {
  return createRedisStores({
    cluster: { rootNodes: cluster.rootNodes },
    prefix,
    commandTimeoutMs: DEADLINE_MS,
    connectTimeoutMs: DEADLINE_MS,
    maxReconnectDelayMs: 200,
    ...extra,
  });
}

/** A value whose key (by `keyOf`) lives on `master`, so one kill takes every write of the test with it. */
async function onMaster(
  cluster: RedisClusterHandle,
  master: RedisServer,
  make: (i: number) => string,
  keyOf: (value: string) => string,
): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if ((await ownerOf(cluster, keyOf(make(i)))).port === master.port) return make(i);
  }
  throw new Error('no value found whose key lives on that master');
}

interface LogoutOutcome {
  /** How long the logout's writes took (the replica's wait included). */
  readonly logoutMs: number;
  /** What the promoted replica holds afterwards. */
  readonly after: { session: string | null; partition: unknown; bySid: number; jtiSeen: boolean };
}

/**
 * Signs an account in (session, partition, registry entries), makes the master's replica fall
 * behind (frozen, with 32 MB of replication stream queued in front of what comes next), runs a
 * logout's writes, kills the master the moment they are acknowledged, thaws the replica and reads
 * everything back once the replica has been promoted.
 */
async function logoutThenKillMaster(replicaWaitMs: number): Promise<LogoutOutcome> {
  const cluster = await startRedisCluster(3, 1);
  const prefix = `iw-test:${randomUUID()}:`;
  const stores = storesOn(cluster, prefix, { replicaWaitMs, commandTimeoutMs: 5000 });
  try {
    const keys = new Keys(prefix);
    const account = 'acct';
    const master = await ownerOf(cluster, keys.partition(account));
    const sessionId = await onMaster(
      cluster,
      master,
      (i) => `session-${i}`,
      (v) => keys.session(v),
    );
    const sid = await onMaster(
      cluster,
      master,
      (i) => `sid-${i}`,
      (v) => keys.bySid(ISSUER, v),
    );
    const subject = await onMaster(
      cluster,
      master,
      (i) => `sub-${i}`,
      (v) => keys.bySubject(ISSUER, v),
    );
    const jti = await onMaster(
      cluster,
      master,
      (i) => `${ISSUER}\u0000jti-${i}`,
      (v) => keys.replay(v),
    );
    await stores.sessionStore.setSession(sessionId, 'sealed', 600);
    await stores.tokenCacheStore.setPartition(account, { value: 'tokens', version: '1' }, null, 600);
    await stores.accountRegistry.recordSignIn({ issuer: ISSUER, subject, sid, accountKey: account, sessionId }, 600);
    const [replica] = await replicasOf(cluster, master);
    if (replica === undefined) throw new Error('the master has no replica');
    await redisCli(master.port, ['WAIT', '1', '2000']); // the sign-in is on the replica

    // The replica falls behind: frozen, and more replication stream than the sockets between them
    // hold (32 MB, in the partition's slot) queued in front of the logout's writes.
    replica.signal('SIGSTOP');
    const filler = `${keys.partition(account)}:filler`;
    await redisCli(master.port, ['EVAL', "redis.call('SET', KEYS[1], string.rep('x', 33554432))", '1', filler]);
    const thaw = setTimeout(() => replica.signal('SIGCONT'), 300);

    // The logout, as the core runs it: partition, registry entries, session, then the used jti.
    const started = performance.now();
    await stores.tokenCacheStore.deletePartition(account);
    await stores.accountRegistry.forgetAccount(account);
    await stores.sessionStore.deleteSession(sessionId);
    expect(await stores.replayCache.putIfAbsent(jti, 600)).toBe(true);
    const logoutMs = performance.now() - started;
    await master.kill(); // right after the logout's 200
    clearTimeout(thaw);
    replica.signal('SIGCONT');

    // The replica is promoted after the node timeout; until then every read is a 503.
    const session = await eventually(() => stores.sessionStore.getSession(sessionId), 20_000);
    return {
      logoutMs,
      after: {
        session,
        partition: await stores.tokenCacheStore.getPartition(account),
        bySid: (await stores.accountRegistry.findBySid(ISSUER, sid)).length,
        jtiSeen: await stores.replayCache.has(jti),
      },
    };
  } finally {
    await stores.close();
    await cluster.stop();
  }
}

/** Each test runs a cluster of three masters with a replica each, since a master dies in it. */
export function describeClusterFailover(): void {
  it('a logout acknowledged before its master dies holds on the promoted replica (replicaWaitMs)', async () => {
    const { after, logoutMs } = await logoutThenKillMaster(3000);
    expect(after).toEqual({ session: null, partition: null, bySid: 0, jtiSeen: true });
    // It waited for the frozen replica (thawed after 300 ms) to catch up, not for the whole 3 s.
    expect(logoutMs).toBeGreaterThan(250);
    expect(logoutMs).toBeLessThan(3000);
  }, 60_000);

  it('without the wait the same logout is lost in the failover: why replicaWaitMs is on', async () => {
    const { after } = await logoutThenKillMaster(0);
    // The promoted replica never got the logout: the session and tokens are back.
    expect(after.session).toBe('sealed');
    expect(after.partition).toMatchObject({ value: 'tokens' });
    expect(after.jtiSeen).toBe(false);
  }, 60_000);

  it('a master killed under traffic: only 503s within the deadline, served again within the node timeout + 5 s, nothing lost', async () => {
    const cluster = await startRedisCluster(3, 1);
    const prefix = `iw-test:${randomUUID()}:`;
    const stores = storesOn(cluster, prefix);
    try {
      const users = Array.from({ length: 30 }, (_, i) => `user-${i}`);
      const versions = new Map<string, number>();
      for (const user of users) {
        await stores.sessionStore.setSession(user, `session of ${user}`, 600);
        await stores.tokenCacheStore.setPartition(user, { value: `${user}@1`, version: '1' }, null, 600);
        versions.set(user, 1);
      }
      // The master that holds most users' partitions.
      const keys = new Keys(prefix);
      const owners = await Promise.all(users.map((u) => ownerOf(cluster, keys.partition(u))));
      const count = (node: RedisServer) => owners.filter((o) => o === node).length;
      const victim = [...new Set(owners)].sort((x, y) => count(y) - count(x))[0]!;

      type Outcome = { at: number; ms: number; ok: boolean; code?: unknown; user: string };
      const operations: Outcome[] = [];
      const rounds: Outcome[] = [];
      const attempted = new Map<string, number>();
      // One store operation, timed on its own: none may wait longer than the deadline.
      const timed = async <T>(user: string, work: () => Promise<T>): Promise<T> => {
        const at = performance.now();
        try {
          const result = await work();
          operations.push({ at, ms: performance.now() - at, ok: true, user });
          return result;
        } catch (error) {
          operations.push({
            at,
            ms: performance.now() - at,
            ok: false,
            code: (error as { code?: unknown }).code,
            user,
          });
          throw error;
        }
      };
      // Each user reads its session and partition and writes the partition's next version.
      const round = async (user: string) => {
        const at = performance.now();
        try {
          await timed(user, () => stores.sessionStore.getSession(user));
          const current = await timed(user, () => stores.tokenCacheStore.getPartition(user));
          // A write whose answer was lost in the failover may still have landed: adopt it.
          if (current?.version === String(attempted.get(user))) versions.set(user, attempted.get(user)!);
          const version = versions.get(user)!;
          if (current?.version !== String(version))
            throw new Error(`${user} lost version ${version}: ${current?.version}`);
          const next = version + 1;
          attempted.set(user, next);
          const value = { value: `${user}@${next}`, version: String(next) };
          if (await timed(user, () => stores.tokenCacheStore.setPartition(user, value, String(version), 600))) {
            versions.set(user, next);
          }
          rounds.push({ at, ms: performance.now() - at, ok: true, user });
        } catch (error) {
          rounds.push({ at, ms: performance.now() - at, ok: false, code: (error as { code?: unknown }).code, user });
        }
      };
      const started = performance.now();
      let killedAt = Number.POSITIVE_INFINITY;
      // Rounds until 12 s after the kill (bounded by the loop's own clock).
      while (performance.now() - started < 60_000) {
        if (killedAt === Number.POSITIVE_INFINITY && performance.now() - started > 1000) {
          await victim.kill();
          killedAt = performance.now();
        }
        await Promise.all(users.map(round));
        if (performance.now() - killedAt > 12_000) break;
        await sleep(20);
      }

      const failures = rounds.filter((o) => !o.ok);
      expect(failures.length).toBeGreaterThan(0); // the kill was felt
      // Only 503s: no other error, and no lost version (that would fail a round without a code).
      expect(new Set(failures.map((f) => f.code))).toEqual(new Set(['store_unavailable']));
      const slowest = Math.max(...operations.map((o) => o.ms));
      expect(slowest).toBeLessThan(DEADLINE_MS + 100);
      // Served again: the last failure started within the node timeout + 5 s of the kill.
      const lastFailure = Math.max(...failures.map((f) => f.at));
      expect(lastFailure - killedAt).toBeLessThan(NODE_TIMEOUT_MS + 5000);
      // Every user's last round succeeded, and its session is still there.
      for (const user of users) {
        expect(rounds.filter((o) => o.user === user).at(-1)?.ok, user).toBe(true);
        expect(await stores.sessionStore.getSession(user)).toBe(`session of ${user}`);
      }
      console.info(
        `failover under traffic: ${failures.length} failed rounds of ${rounds.length}, served again ${Math.round(lastFailure - killedAt)} ms after the kill, slowest operation ${Math.round(slowest)} ms (deadline ${DEADLINE_MS} ms)`,
      );
    } finally {
      await stores.close();
      await cluster.stop();
    }
  }, 90_000);
}
