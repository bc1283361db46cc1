// `@identity-web/redis` and `@identity-web/postgres`, loaded by name at run time, so the harness
// runs without either (their variants are skipped), and how a variant's server learns its store.
import type { Stores } from './server/identity.js';
import type { SharedStore } from './variants.js';

/** Each store's package and the factory it exports; both factories take `{ url }`. */
const PACKAGES: Readonly<Record<SharedStore, readonly [name: string, factory: string]>> = {
  redis: ['@identity-web/redis', 'createRedisStores'],
  postgres: ['@identity-web/postgres', 'createPostgresStores'],
};

/** `createRedisStores` or `createPostgresStores`. */
export type CreateStores = (options: { url: string }) => Stores | Promise<Stores>;

/** The environment variable the parent sets for a variant's server: its store's URL. */
export const URL_VARIABLES: Readonly<Record<SharedStore, string>> = {
  redis: 'BENCH_REDIS_URL',
  postgres: 'BENCH_DATABASE_URL',
};

/** The store's factory, or `null` when its package is not installed. */
export async function loadStores(store: SharedStore): Promise<CreateStores | null> {
  const [name, factory] = PACKAGES[store];
  let loaded: Record<string, unknown>;
  try {
    loaded = await import(name); // not a literal: the type checker must not require it
  } catch (error) {
    // Only the package itself being absent means "skip"; a dependency of it missing is a failure.
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes(`'${name}'`)) return null;
    throw error;
  }
  if (typeof loaded[factory] !== 'function') throw new Error(`${name} has no ${factory} export`);
  return loaded[factory] as CreateStores;
}
