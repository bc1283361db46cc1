// The stores of the Redis and PostgreSQL variants: Redis from REDIS_URL or 127.0.0.1:6379,
// PostgreSQL from DATABASE_URL or a private server started for the run; a store that is absent
// skips its variants, with the reason.
import { postgresBinDir, startPrivatePostgres } from '@identity-web-examples/demo/private-postgres';
import { freePort } from '@identity-web-examples/example-support';
import { findRedis } from './redis.js';
import { loadStores, URL_VARIABLES } from './store-packages.js';
import type { SharedStore, Variant } from './variants.js';

type StorePlan = { readonly url: string; readonly where: string } | { readonly skipped: string };

/** The stores of one run. */
export interface RunStores {
  /** The servers' environment: this process's, and the URL of each store found. */
  readonly env: NodeJS.ProcessEnv;
  /** Why the variant cannot run (its store is absent), or `undefined`: it can. */
  skipped(variant: Variant): string | undefined;
  /** Where each store's variants run, or why they are skipped: one line each. */
  readonly lines: readonly string[];
  /** Stops the private PostgreSQL, if the run started one. */
  stop(): Promise<void>;
}

/** The URL without its password, for the log. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

async function planRedis(env: NodeJS.ProcessEnv): Promise<StorePlan> {
  if (!(await loadStores('redis'))) return { skipped: 'skipped: @identity-web/redis not installed' };
  const url = await findRedis(env);
  if (!url) return { skipped: 'skipped: no Redis reachable (set REDIS_URL, or run one on 127.0.0.1:6379)' };
  return { url, where: redactedUrl(url) };
}

async function planPostgres(env: NodeJS.ProcessEnv, stops: (() => Promise<void>)[]): Promise<StorePlan> {
  if (!(await loadStores('postgres'))) return { skipped: 'skipped: @identity-web/postgres not installed' };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, where: redactedUrl(env.DATABASE_URL) };
  if (postgresBinDir() === null) {
    return { skipped: 'skipped: no PostgreSQL (set DATABASE_URL, or install initdb and postgres for a private one)' };
  }
  const server = await startPrivatePostgres(await freePort());
  stops.push(server.stop);
  return { url: server.url, where: `${server.url}, a private PostgreSQL started for this run (fsync off)` };
}

/** Finds Redis, and finds or starts PostgreSQL, each only when a variant of the run needs it. */
export async function findStores(env: NodeJS.ProcessEnv, needed: ReadonlySet<SharedStore>): Promise<RunStores> {
  const stops: (() => Promise<void>)[] = [];
  const unneeded = { skipped: 'skipped: not chosen' };
  const plans: Record<SharedStore, StorePlan> = {
    redis: needed.has('redis') ? await planRedis(env) : unneeded,
    postgres: needed.has('postgres') ? await planPostgres(env, stops) : unneeded,
  };
  const names = { redis: 'Redis', postgres: 'PostgreSQL' } as const;
  const found = (['redis', 'postgres'] as const).flatMap((store) => {
    const plan = plans[store];
    return 'url' in plan ? [[store, plan] as const] : [];
  });
  return {
    env: { ...env, ...Object.fromEntries(found.map(([store, plan]) => [URL_VARIABLES[store], plan.url])) },
    skipped: (variant) => {
      const plan = variant.store === undefined ? undefined : plans[variant.store];
      return plan !== undefined && 'skipped' in plan ? plan.skipped : undefined;
    },
    lines: found.map(([store, plan]) => `${names[store]} variants use ${plan.where}`),
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
