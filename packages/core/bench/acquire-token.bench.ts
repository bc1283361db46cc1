/**
 * AcquireToken cache-hit cost as the number of cached accounts grows; run with `pnpm bench`.
 *
 * The sizes are measured side by side: all of them live in one process and take turns, so a slow
 * moment of the machine lands on every size alike. Each asks for 1,000 of its accounts, spread
 * over the whole index. Beside each size, a floor: a bare `Map.get` of the same kind of keys.
 * Hot-index entries are filled directly (1M sign-ins through the fake IdP would take minutes and
 * measure nothing extra); the partition path is measured first, on 1k accounts signed in for real.
 */
import type { AccessToken, Account } from '@identity-web/core';
import { HotIndex } from '../src/cache/hot-index.js';
import { API, benchWorld } from './support.js';

const BATCH = 1_000;
const BATCHES = 200;
const SIZES = [1_000, 100_000, 1_000_000] as const;

/** Runs `BATCH` calls (the 1,000 accounts, each once) and returns µs per call. */
type Batch = (round: number) => Promise<number>;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

function build(accounts: number) {
  const world = benchWorld(accounts);
  return { ...world, hot: world.container.resolve(HotIndex) };
}

const since = (start: number) => ((performance.now() - start) * 1000) / BATCH;
/** Which of the asked accounts call `i` of a batch takes: 7919 is prime, so a batch takes each once. */
const pick = (i: number, count: number) => (i * 7919) % count;

/** `n` accounts and a token for each, made the same way for every world; every n/1000th is asked for. */
function population(n: number, expiresAt: number, keep: (account: Account, token: AccessToken) => void): Account[] {
  const asked: Account[] = [];
  for (let i = 0; i < n; i++) {
    const account: Account = { key: `acct-${i}`, issuer: 'https://idp.test', subject: `user-${i}` };
    keep(account, { accessToken: `at-${i}`, expiresAt, scopes: [API], tokenType: 'Bearer' });
    if (i % Math.max(1, Math.floor(n / 1000)) === 0) asked.push(account);
  }
  return asked;
}

/**
 * identity-web with `n` accounts holding a token in the hot index. A miss would reject (these
 * accounts have no stored partition), so every call measured is a hit. Each kind of world has
 * its own loop, so neither's call site sees the other's function.
 */
function hitWorld(n: number): Batch {
  const { identity, hot, clock } = build(n);
  const asked = population(n, clock.now() + 3600_000, (account, token) =>
    hot.set(account.key, API, token, hot.ticket(), token.expiresAt),
  );
  return async (round) => {
    const start = performance.now();
    for (let i = round * BATCH; i < (round + 1) * BATCH; i++) {
      await identity.acquireToken(asked[pick(i, asked.length)]!, { scopes: [API] });
    }
    return since(start);
  };
}

/**
 * The floor under any index keyed by account in JavaScript: one `Map.get` of the same kind of
 * keys to an object holding a settled promise, awaited, and nothing else. What it gains from 1k
 * to 1M accounts is the machine's memory (caches, TLB), not an index's design.
 */
function floorWorld(n: number): Batch {
  const map = new Map<string, { token: AccessToken; settled: Promise<AccessToken> }>();
  const asked = population(n, Date.now() + 3600_000, (account, token) =>
    map.set(account.key, { token, settled: Promise.resolve(token) }),
  );
  return async (round) => {
    const start = performance.now();
    for (let i = round * BATCH; i < (round + 1) * BATCH; i++) {
      await map.get(asked[pick(i, asked.length)]!.key)!.settled;
    }
    return since(start);
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

// Larger than this machine's last-level cache (and its TLB's reach): reading one value per cache
// line of it pushes a world's entries out before its cold batch. Filled, so every page is real
// memory (untouched pages would all read the kernel's one zero page).
const flushBuffer = new Float64Array((64 * 2 ** 20) / 8).fill(1);
let flushSink = 0;
function flushCaches(): void {
  for (let i = 0; i < flushBuffer.length; i += 8) flushSink += flushBuffer[i]!;
}

/**
 * Every size, hit and floor, taking turns each round (the order rotating). A turn is three
 * batches: the first right after the CPU caches were flushed ("cold": as a user's first request
 * after other work), the third after two passes over the same accounts ("warm": the active users).
 * Each world's heap is what building it added.
 */
async function hits() {
  build(1_000); // one-time costs (module state, first container) go to no world
  const worlds = (['hit', 'floor'] as const).flatMap((kind) =>
    SIZES.map((n) => {
      const before = heapMb();
      const batch = kind === 'hit' ? hitWorld(n) : floorWorld(n);
      return { kind, n, batch, heapMb: heapMb() - before, cold: [] as number[], warm: [] as number[] };
    }),
  );
  for (const world of worlds) for (let r = 0; r < 5; r++) await world.batch(r); // JIT warm-up
  for (let round = 0; round < BATCHES; round++) {
    for (let k = 0; k < worlds.length; k++) {
      const world = worlds[(round + k) % worlds.length]!;
      flushCaches();
      world.cold.push(await world.batch(round));
      await world.batch(round);
      world.warm.push(await world.batch(round));
    }
  }
  return worlds.map(({ kind, n, heapMb, cold, warm }) => ({ kind, n, heapMb, cold: stats(cold), warm: stats(warm) }));
}

/** Misses: evicted before each call, so every call decrypts the partition and asks the IdP adapter. */
async function partitionPath(n: number) {
  const { identity, signIn, hot } = build(n);
  const accounts = await signIn(n);
  const call = (i: number) => {
    const account = accounts[i % n]!;
    hot.evict(account.key);
    return identity.acquireToken(account, { scopes: [API] });
  };
  for (let i = 0; i < BATCH * 5; i++) await call(i); // warm-up
  const perCall: number[] = [];
  for (let round = 0; round < BATCHES; round++) {
    const start = performance.now();
    for (let i = round * BATCH; i < (round + 1) * BATCH; i++) await call(i);
    perCall.push(since(start));
  }
  return stats(perCall);
}

// The miss first, while the heap holds nothing else; then the worlds.
const miss = await partitionPath(1_000);
const results = await hits();
const result = (kind: 'hit' | 'floor', n: number) => results.find((r) => r.kind === kind && r.n === n)!;

const fmt = (us: number) => us.toFixed(2);
const rows = results.map((r) => [
  r.kind === 'hit' ? 'hot-index hit' : 'floor: Map.get + await',
  r.n.toLocaleString('en-US'),
  fmt(r.warm.median),
  fmt(r.warm.p95),
  fmt(r.cold.median),
  fmt(r.cold.p95),
  r.heapMb.toFixed(0),
]);
rows.push(['miss: partition + IdP adapter', '1,000', fmt(miss.median), fmt(miss.p95), '-', '-', '-']);
const header = ['path', 'accounts', 'warm median µs', 'warm p95', 'cold median µs', 'cold p95', 'heap MiB added'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `AcquireToken, ${BATCHES} rounds of 3 batches of ${BATCH} sequential calls per world, Node ${process.version}`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));

const [first, middle, last] = SIZES;
const growth = (kind: 'hit' | 'floor', pass: 'warm' | 'cold') =>
  `${fmt(result(kind, last)[pass].median / result(kind, first)[pass].median)}x`;
const gap = (pass: 'warm' | 'cold') =>
  SIZES.map((n) => fmt(result('hit', n)[pass].median - result('floor', n)[pass].median)).join(' / ');
// Heap per cached account: the slope between the two largest worlds, so the instance's fixed
// cost (container, preallocated caches) cancels; key and token object included.
const [mid, top] = [result('hit', middle), result('hit', last)];
const perAccount = ((top.heapMb - mid.heapMb) * 2 ** 20) / (top.n - mid.n);
console.log(
  `\n${last.toLocaleString('en-US')} / ${first.toLocaleString('en-US')} median: ` +
    `hit ${growth('hit', 'warm')} warm, ${growth('hit', 'cold')} cold; ` +
    `floor ${growth('floor', 'warm')} warm, ${growth('floor', 'cold')} cold\n` +
    `hit minus floor, µs at each size: ${gap('warm')} warm, ${gap('cold')} cold\n` +
    `miss / warm hit at ${first.toLocaleString('en-US')}: ${(miss.median / result('hit', first).warm.median).toFixed(0)}x; ` +
    `heap per cached account (slope ${mid.n.toLocaleString('en-US')} to ${last.toLocaleString('en-US')}), ` +
    `key and token included: ${perAccount.toFixed(0)} bytes`,
);
