import type { RefreshGrantCounts } from '@identity-web-examples/demo-idp';
import type { Browser } from '@identity-web-examples/example-support';
import type { World } from './world.js';

export interface SoakOptions {
  readonly users: number;
  readonly durationMs: number;
  /** Concurrent request loops. */
  readonly workers: number;
  /** Sign-ins at a time. Default 8. */
  readonly signInConcurrency?: number;
}

export interface SoakResult {
  readonly calls: number;
  /** `"200"`, `"403 sign_in_loop"`, `"error: …"`: how many calls ended each way. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The provider's refresh-token grants during the traffic. */
  readonly grants: RefreshGrantCounts;
  /** Calls per instance. */
  readonly perInstance: readonly number[];
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/**
 * Signs `users` in (through the first instance), then sends `GET /call-api` from every user to
 * every instance in turn for `durationMs`, from `workers` loops: what each call met, and what the
 * provider did with refresh tokens meanwhile.
 */
export async function soak(world: World, options: SoakOptions): Promise<SoakResult> {
  const names = Array.from({ length: options.users }, (_, i) => `user${i}`);
  const browsers: Browser[] = await inBatches(names, options.signInConcurrency ?? 8, (name) => world.signIn(name));
  const before = { ...world.grants };
  const outcomes: Record<string, number> = {};
  const perInstance = world.urls.map(() => 0);
  let calls = 0;
  const until = performance.now() + options.durationMs;
  const loop = async (worker: number) => {
    // Each loop walks the users from its own offset; every call goes to the next instance.
    for (let i = worker; performance.now() < until; i += options.workers) {
      const user = i % browsers.length;
      const instance = Math.floor(i / browsers.length + user) % world.urls.length;
      const result = await world.call(browsers[user]!, instance).catch((error: unknown) => ({
        status: 0,
        error: `error: ${error instanceof Error ? error.message : String(error)}`,
      }));
      const outcome = result.status === 200 ? '200' : `${result.status} ${result.error ?? ''}`.trim();
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      perInstance[instance]!++;
      calls++;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => loop(w)));
  const grants = {
    issued: world.grants.issued - before.issued,
    refused: world.grants.refused - before.refused,
    reused: world.grants.reused - before.reused,
    revoked: world.grants.revoked - before.revoked,
  };
  return { calls, outcomes, grants, perInstance };
}
