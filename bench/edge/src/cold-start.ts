// One cold start of a Worker: a fresh workerd (Miniflare) from `new Miniflare` to its first answer,
// split at `ready`, then warm requests on the same isolate; always disposed.
import { Miniflare } from 'miniflare';
import { stats } from '../../../packages/idp-oidc/bench/measure.js';
import { type BundledWorker, devVars, miniflareOptions, ROUTE } from './workers.js';

/** One Worker's start, in ms. */
export interface ColdStart {
  /** `new Miniflare` → the first request answered. */
  readonly coldMs: number;
  /** `new Miniflare` → `await mf.ready` (workerd started, the Worker loaded). */
  readonly readyMs: number;
  /** `ready` → the first request answered: what is left of the start in the isolate, and the request. */
  readonly firstMs: number;
  /** Median of the warm requests that followed. */
  readonly warmMs: number;
  /** Every answer's status: the first, then the warm ones. */
  readonly statuses: readonly number[];
}

export async function coldStart(worker: BundledWorker, warmRequests: number): Promise<ColdStart> {
  const url = new URL(ROUTE, devVars().APP_URL).href;
  const request = async (mf: Miniflare) => {
    const response = await mf.dispatchFetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });
    await response.arrayBuffer();
    return response.status;
  };
  const start = performance.now();
  const mf = new Miniflare(miniflareOptions(worker));
  try {
    await mf.ready;
    const ready = performance.now();
    const statuses = [await request(mf)];
    const first = performance.now();
    const warm: number[] = [];
    for (let i = 0; i < warmRequests; i++) {
      const sent = performance.now();
      statuses.push(await request(mf));
      warm.push(performance.now() - sent);
    }
    return {
      coldMs: first - start,
      readyMs: ready - start,
      firstMs: first - ready,
      warmMs: stats(warm).median,
      statuses,
    };
  } finally {
    await mf.dispose();
  }
}
