// `pnpm --filter @identity-web/redis bench:propagation`: three app instances as processes on one
// private redis-server. Signs in ACCOUNTS accounts (default 200), each served on every instance,
// prints Redis's memory per account, then signs each one out with a back-channel logout POSTed to
// one instance and measures how long after that POST's 200 the two other instances refuse its
// token. Prints numbers; it asserts nothing.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startInstances } from '../test/support/multi/instances.js';
import { startSharedIdp } from '../test/support/multi/shared-idp.js';
import { postLogoutToken, Visitor } from '../test/support/multi/visitor.js';
import { redisCli } from '../test/support/redis-cli.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { memoryByKind, memoryReport } from './key-memory.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 200);
const PREFIX = 'iw-bench:';
/** A refusal slower than this is reported as missing: the benchmark must end. */
const GIVE_UP_MS = 5000;

if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('bench:propagation needs redis-server on PATH (apt-get install -y redis-server)');
  process.exit(1);
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Asks `url` for the token until it refuses: the time from `since` to the refusal, and the tokens served before it. */
async function refusedAfter(visitor: Visitor, url: string, since: number): Promise<{ ms: number; served: number }> {
  for (let served = 0; ; served++) {
    const { status } = await visitor.callApi(url);
    const now = performance.now();
    if (status !== 200) return { ms: now - since, served };
    if (now - since > GIVE_UP_MS) return { ms: Number.POSITIVE_INFINITY, served };
  }
}

const redis = await startRedisServer();
const idp = await startSharedIdp();
const app = await startInstances({
  count: 3,
  redisUrl: redis.url,
  prefix: PREFIX,
  idpUrl: idp.url,
  commandTimeoutMs: 2000,
});
try {
  for (let i = 0; i < 200; i++) {
    const reply = await redisCli(redis.port, ['PUBSUB', 'NUMSUB', `${PREFIX}bus`]);
    if (reply.trim().endsWith('3')) break;
    await sleep(50);
  }
  console.log(`${ACCOUNTS} accounts, 3 instances (processes), redis-server ${redis.url}`);
  const visitors: Visitor[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const visitor = new Visitor();
    await visitor.signIn(app.all[i % 3]!.url, idp.fake, `user-${i}`, `sid-${i}`);
    for (const instance of app.all) {
      const { status } = await visitor.callApi(instance.url);
      if (status !== 200) throw new Error(`user-${i} on ${instance.name}: HTTP ${status}`);
    }
    visitors.push(visitor);
  }
  console.log(`\nRedis MEMORY USAGE per signed-in account (one session each, after a token call):`);
  console.log(memoryReport(await memoryByKind(redis.url, PREFIX), ACCOUNTS));

  const latencies: number[] = [];
  let servedAfterLogout = 0;
  for (let i = 0; i < ACCOUNTS; i++) {
    const visitor = visitors[i]!;
    const target = app.all[i % 3]!;
    const logout = await postLogoutToken(target.url, await idp.fake.logoutToken({ sub: `user-${i}`, sid: `sid-${i}` }));
    const answered = performance.now();
    if (logout.status !== 200) throw new Error(`logout of user-${i}: HTTP ${logout.status}`);
    const others = app.all.filter((instance) => instance !== target);
    const times = await Promise.all(others.map((other) => refusedAfter(visitor, other.url, answered)));
    latencies.push(Math.max(...times.map((time) => time.ms)));
    servedAfterLogout += times.reduce((sum, time) => sum + time.served, 0);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const p99 = percentile(sorted, 99);
  console.log(
    `\nGlobal sign-out: from the logout POST's 200 until both other instances refuse the token (${ACCOUNTS} sign-outs):`,
  );
  console.log(
    `  p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(p99)}  max ${ms(sorted.at(-1) ?? NaN)}`,
  );
  console.log(`  goal p99 <= 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'}`);
  console.log(`  tokens still served after a logout's 200: ${servedAfterLogout}`);
  const problems = app.failures();
  if (problems.length > 0) console.log(`\ninstance problems:\n${problems.join('\n')}`);
} finally {
  await app.stop();
  await Promise.all([redis.stop(), idp.close()]);
}
