import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from '@identity-web-examples/example-support';
import { expect } from 'vitest';
import type { Demo } from '../../src/index.js';

export type LoadedApp = 'koa' | 'hono';

/** One request of the load: when it started (ms since the load began), how it ended, how long it took. */
export interface Sample {
  readonly app: LoadedApp;
  readonly at: number;
  readonly ms: number;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly path: string;
}

/** Concurrent request loops per app. */
const LOOPS = 4;

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Signs the browser's user in to both example apps and checks that each calls the API. */
export async function signInToBoth(browser: Browser, urls: Demo['urls'], greeting: string): Promise<void> {
  for (const app of ['koa', 'hono'] as const) {
    const home = await browser.navigate(`${urls[app]}/auth/sign-in?returnTo=/`);
    expect(home.html).toContain(greeting);
    expect((await browser.json(`${urls[app]}/call-api`)).status).toBe(200);
  }
}

/**
 * A steady load on both apps: per app, {@link LOOPS} loops alternating a request that needs Redis
 * (`/cache.json` reads the token cache) and one it may serve from memory (`/call-api`), each
 * recorded in `samples`, until `stop()`, which waits for every loop to end.
 */
export function startLoad(browser: Browser, urls: Demo['urls'], samples: Sample[]) {
  const started = performance.now();
  let running = true;
  const loop = async (app: LoadedApp, i: number) => {
    for (let n = 0; running; n++) {
      const path = (n + i) % 2 === 0 ? '/cache.json' : '/call-api';
      const at = performance.now() - started;
      const { response } = await browser.json(`${urls[app]}${path}`);
      samples.push({
        app,
        at,
        ms: performance.now() - started - at,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        path,
      });
      await sleep(5);
    }
  };
  const loops = (['koa', 'hono'] as const).flatMap((app) => Array.from({ length: LOOPS }, (_, i) => loop(app, i)));
  return {
    /** Milliseconds since the load began, on the samples' clock. */
    now: () => performance.now() - started,
    get running() {
      return running;
    },
    /** Runs `work` beside the loops; `stop()` waits for it too. */
    alongside(work: Promise<void>) {
      loops.push(work);
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
