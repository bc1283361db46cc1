/** Median and 95th percentile of per-round samples. */
export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** µs per call of `op`, run `perRound` times one after the other. */
export async function timed(op: () => Promise<unknown>, perRound: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < perRound; i++) await op();
  return ((performance.now() - start) * 1000) / perRound;
}
