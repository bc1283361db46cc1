import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

/** The query timeout the fault tests give the stores. */
export const TIMEOUT = 500;
/** What the budget may be exceeded by: timer and scheduling slack on a busy 2-core machine. */
export const SLACK = 1000;

/** Expects `work` to fail with store_unavailable (503) within `budgetMs`; returns how long it took. */
export async function expectUnavailable(work: () => Promise<unknown>, budgetMs = TIMEOUT + SLACK): Promise<number> {
  const started = performance.now();
  await expect(work()).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
  const took = performance.now() - started;
  expect(took).toBeLessThan(budgetMs);
  return took;
}

/** Retries `work` until it succeeds, for at most `withinMs`; fails with the last error otherwise. */
export async function eventually<T>(work: () => Promise<T>, withinMs = 5000): Promise<T> {
  const until = performance.now() + withinMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (performance.now() > until) throw error;
      await sleep(100);
    }
  }
}

/** Waits for `condition` (bounded) and returns how long that took. */
export async function until(condition: () => Promise<boolean>, withinMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`${what} not within ${withinMs} ms`);
    await sleep(25);
  }
  return performance.now() - started;
}
