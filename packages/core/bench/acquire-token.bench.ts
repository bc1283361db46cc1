/**
 * AcquireToken cache-hit cost as the number of cached accounts grows.
 * Prints the median and p95 per call over many batches; run with `pnpm bench`.
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

async function hotHit(n: number) {
  const { identity, hot, clock } = build(n);
  const accounts: Account[] = [];
  const expiresAt = clock.now() + 3600_000;
  for (let i = 0; i < n; i++) {
    const account: Account = { key: `acct-${i}`, issuer: 'https://idp.test', subject: `user-${i}` };
    hot.set(account.key, API, { accessToken: `at-${i}`, expiresAt, scopes: [API], tokenType: 'Bearer' }, hot.ticket());
    if (i % Math.max(1, Math.floor(n / 1000)) === 0) accounts.push(account);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const result = await measure((i) =>
    identity.acquireToken(accounts[(i * 7919) % accounts.length]!, { scopes: [API] }),
  );
  return { ...result, heapMb };
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
const hits = new Map<number, Awaited<ReturnType<typeof hotHit>>>();
// One unreported pass first: otherwise the first size measured (1k) also pays for the JIT
// compiling the hit path, and the 1M / 1k ratio says more about warm-up than about the cache.
await hotHit(1_000);
for (const n of [1_000, 100_000, 1_000_000]) {
  const r = await hotHit(n);
  hits.set(n, r);
  rows.push([`hot-index hit`, n.toLocaleString('en-US'), fmt(r.median), fmt(r.p95), r.heapMb.toFixed(0)]);
}
const miss = await partitionPath(1_000);
rows.push(['partition (decrypt + IdP adapter)', '1,000', fmt(miss.median), fmt(miss.p95), '-']);

const header = ['path', 'accounts cached', 'median µs/call', 'p95 µs/call', 'heap MiB'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`AcquireToken, ${BATCHES} batches of ${BATCH} sequential calls, Node ${process.version}`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
const flat = hits.get(1_000_000)!.median / hits.get(1_000)!.median;
// Heap per cached account: the slope between 1k and 1M accounts, everything included (the
// index's entries, the account key and the token object with its short access-token string).
const perAccount = ((hits.get(1_000_000)!.heapMb - hits.get(1_000)!.heapMb) * 2 ** 20) / (1_000_000 - 1_000);
console.log(
  `\n1M / 1k hit median ratio: ${flat.toFixed(2)}; partition path / hit at 1k: ${(miss.median / hits.get(1_000)!.median).toFixed(1)}x; ` +
    `heap per cached account, key and token included: ${perAccount.toFixed(0)} bytes`,
);
