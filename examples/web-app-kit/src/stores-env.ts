// Where the apps keep sessions and tokens: REDIS_URL, REDIS_CLUSTER_NODES or DATABASE_URL, read
// and checked against each other. The URLs themselves are the library's to check; `storeVariable`
// names the variable behind an option the library refused.

/** The stores the variables ask for; neither: this process's memory (one instance). */
export interface StoreSettings {
  /** `REDIS_URL`, or `REDIS_CLUSTER_NODES`: `createRedisStores`'s options. */
  readonly redis: { readonly url: string } | { readonly cluster: { readonly rootNodes: string[] } } | undefined;
  /** `DATABASE_URL`: `createPostgresStores`'s options. */
  readonly postgres: { readonly url: string } | undefined;
}

/** Reads the store variables, adding to `problems` what cannot work together. */
export function readStoreSettings(
  get: (name: string) => string | undefined,
  problems: [string, string][],
): StoreSettings {
  const redisUrl = get('REDIS_URL');
  // Or the nodes of a Redis Cluster (any of them; the client finds the rest), comma-separated.
  const clusterNodes = (get('REDIS_CLUSTER_NODES') ?? '').split(/[\s,]+/).filter(Boolean);
  // Or PostgreSQL: postgres://user:password@host:5432/database.
  const databaseUrl = get('DATABASE_URL');
  if (redisUrl !== undefined && clusterNodes.length > 0) {
    problems.push([
      'REDIS_CLUSTER_NODES',
      'conflicts with REDIS_URL: set one, a Redis server or the nodes of a Redis Cluster',
    ]);
  }
  const redisVariables = [
    ...(redisUrl !== undefined ? ['REDIS_URL'] : []),
    ...(clusterNodes.length > 0 ? ['REDIS_CLUSTER_NODES'] : []),
  ];
  if (databaseUrl !== undefined && redisVariables.length > 0) {
    problems.push([
      'DATABASE_URL',
      `conflicts with ${redisVariables.join(' and ')}: set one, PostgreSQL (DATABASE_URL) or Redis (${redisVariables.join(', ')})`,
    ]);
  }
  return {
    redis:
      redisUrl !== undefined
        ? { url: redisUrl }
        : clusterNodes.length > 0
          ? { cluster: { rootNodes: clusterNodes } }
          : undefined,
    postgres: databaseUrl === undefined ? undefined : { url: databaseUrl },
  };
}

/**
 * The variable behind a store option the library refused (`url` is `REDIS_URL`'s or
 * `DATABASE_URL`'s, whichever the stores came from), or `undefined` for any other option.
 */
export function storeVariable(option: string, settings?: Partial<StoreSettings>): string | undefined {
  if (option === 'cluster.rootNodes') return 'REDIS_CLUSTER_NODES';
  if (option !== 'url') return undefined;
  return settings?.postgres !== undefined ? 'DATABASE_URL' : 'REDIS_URL';
}
