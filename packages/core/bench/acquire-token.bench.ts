/**
 * AcquireToken cache-hit cost as the number of cached accounts grows.
 * Prints the median and p95 per call over many batches; run with `pnpm bench`. The sizes are
 * measured side by side (batches taking turns in one process), each asking for the same number
 * of distinct accounts (1,000, spread over the whole index).
 * Hot-index entries are filled directly (1M sign-ins through the fake IdP would take
 * minutes and measure nothing extra); the partition path is measured beside it, in the same
 * run, by forcing misses on 1k accounts that were signed in for real.
 */
import type { Account } from '@identity-web/core';
import { HotIndex } from '../src/cache/hot-index.js';
import { API, benchWorld } from './support.js';

const BATCH = 1_000;
const BATCHES = 200;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

function build(accounts: number) {
  const world = benchWorld(accounts);
  return { ...world, hot: world.container.resolve(HotIndex) };
}

async function measure(call: (i: number) => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < BATCH * 5; i++) await call(i); // warm-up
  const perCall: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) await call(b * BATCH + i);
    perCall.push(((performance.now() - start) * 1000) / BATCH);
  }
  return stats(perCall);
}

type Token = { accessToken: string; expiresAt: number; scopes: string[]; tokenType: 'Bearer' };

/** `n` accounts and a token for each, made the same way for both worlds; every n/1000th is asked for. */
function population(n: number, expiresAt: number, keep: (account: Account, token: Token) => void): Account[] {
  const asked: Account[] = [];
  for (let i = 0; i < n; i++) {
    const account: Account = { key: `acct-${i}`, issuer: 'https://idp.test', subject: `user-${i}` };
    keep(account, { accessToken: `at-${i}`, expiresAt, scopes: [API], tokenType: 'Bearer' });
    if (i % Math.max(1, Math.floor(n / 1000)) === 0) asked.push(account);
  }
  return asked;
}

/** `n` accounts with a token each in the hot index, and 1,000 of them (spread evenly) to ask for. */
function hotWorld(n: number): (i: number) => Promise<unknown> {
  const { identity, hot, clock } = build(n);
  // A miss would reject (these accounts have no stored partition), so every call measured is a hit.
  const asked = population(n, clock.now() + 3600_000, (account, token) =>
    hot.set(account.key, API, token, hot.ticket()),
  );
  return (i) => identity.acquireToken(asked[(i * 7919) % asked.length]!, { scopes: [API] });
}

/**
 * The floor under any index keyed by account in JavaScript: one `Map.get` of the same keys to an
 * object holding a settled promise, awaited, with nothing else. What it gains from 1k to 1M is
 * the machine's memory (caches, TLB), not the index's design.
 */
function mapWorld(n: number): (i: number) => Promise<unknown> {
  const map = new Map<string, { token: Token; settled: Promise<Token> }>();
  const asked = population(n, Date.now() + 3600_000, (account, token) =>
    map.set(account.key, { token, settled: Promise.resolve(token) }),
  );
  return (i) => map.get(asked[(i * 7919) % asked.length]!.key)!.settled;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** µs per call of one batch: `BATCH` calls, each account asked for once. */
async function batch(call: (i: number) => Promise<unknown>, round: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < BATCH; i++) await call(round * BATCH + i);
  return ((performance.now() - start) * 1000) / BATCH;
}

/**
 * The hit at every size, side by side: all the worlds live in this process at once and take
 * turns (the order rotating each round), so a slow moment of the machine lands on every size
 * alike instead of on whichever size was measured then. Each turn is three batches over the
 * world's 1,000 accounts: the first after the other worlds ran ("cold": their entries mostly
 * out of the CPU caches, as for a user's first request in a while) and the third ("warm": the
 * same 1,000 users just asked for, as when they are the active ones). Each world's heap is what building it added.
 */
async function hotHits(sizes: readonly number[]) {
  const worlds = [hotWorld, mapWorld].flatMap((make) =>
    sizes.map((n) => {
      const before = heapMb();
      const call = make(n);
      return { kind: make, n, call, heapMb: heapMb() - before, cold: [] as number[], warm: [] as number[] };
    }),
  );
  for (const world of worlds) for (let i = 0; i < BATCH * 5; i++) await world.call(i); // JIT warm-up
  for (let round = 0; round < BATCHES; round++) {
    for (let k = 0; k < worlds.length; k++) {
      const world = worlds[(round + k) % worlds.length]!;
      world.cold.push(await batch(world.call, round));
      await batch(world.call, round);
      world.warm.push(await batch(world.call, round));
    }
  }
  return worlds.map((w) => ({ ...w, warmStats: stats(w.warm), coldStats: stats(w.cold) }));
}

async function partitionPath(n: number) {
  const { identity, signIn, hot } = build(n);
  const accounts = await signIn(n); // tokens now in the partition
  // Evict before each call so every call decrypts the partition and asks the IdP adapter.
  return measure((i) => {
    const account = accounts[i % n]!;
    hot.evict(account.key);
    return identity.acquireToken(account, { scopes: [API] });
  });
}

const rows: string[][] = [];
const fmt = (us: number) => us.toFixed(2);
const hits = await hotHits([1_000, 100_000, 1_000_000]);
type HitRow = (typeof hits)[number];
for (const w of hits) {
  const path = w.kind === hotWorld ? 'hot-index hit' : 'floor: Map.get + await';
  const { warmStats: warm, coldStats: cold } = w;
  rows.push([
    path,
    w.n.toLocaleString('en-US'),
    fmt(warm.median),
    fmt(warm.p95),
    fmt(cold.median),
    w.heapMb.toFixed(0),
  ]);
}
const [small, , large, floorSmall, , floorLarge] = hits as [HitRow, HitRow, HitRow, HitRow, HitRow, HitRow];
const miss = await partitionPath(1_000);
rows.push(['partition (decrypt + IdP adapter)', '1,000', fmt(miss.median), fmt(miss.p95), '-', '-']);

const header = ['path', 'accounts cached', 'warm median µs', 'warm p95 µs', 'cold median µs', 'heap MiB added'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `AcquireToken, ${BATCHES} rounds of 3 batches of ${BATCH} sequential calls per world, Node ${process.version}`,
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
const ratio = (big: HitRow, little: HitRow, which: 'warmStats' | 'coldStats') =>
  (big[which].median / little[which].median).toFixed(2);
// Heap per cached account: what building the 1M world added beyond the 1k one, per extra account
// (the index's entries, the account key and the token object with its short access-token string).
const perAccount = ((large.heapMb - small.heapMb) * 2 ** 20) / (large.n - small.n);
console.log(
  `\n1M / 1k median ratio: hit ${ratio(large, small, 'warmStats')} warm, ${ratio(large, small, 'coldStats')} cold; ` +
    `floor ${ratio(floorLarge, floorSmall, 'warmStats')} warm, ${ratio(floorLarge, floorSmall, 'coldStats')} cold\n` +
    `partition path / warm hit at 1k: ${(miss.median / small.warmStats.median).toFixed(1)}x; ` +
    `heap per cached account, key and token included: ${perAccount.toFixed(0)} bytes`,
);
