// The PostgreSQL store's app instances: the Redis store's test harness (one for both stores) on PostgreSQL.
import {
  type InstanceProcessesOptions,
  type Instances,
  startInstanceProcesses,
} from '../../../../store-redis/test/support/multi/instance-processes.js';

export type { Instance, Instances } from '../../../../store-redis/test/support/multi/instance-processes.js';

export interface InstancesOptions extends Pick<InstanceProcessesOptions, 'count' | 'idpUrl'> {
  /** The database URL of each instance, by its index (each may connect as a user of its own). */
  readonly databaseUrl: (index: number) => string;
  readonly tablePrefix: string;
  readonly queryTimeoutMs: number;
}

/** Forks `count` instances of the test app, every store on PostgreSQL. */
export function startInstances(options: InstancesOptions): Promise<Instances> {
  const { databaseUrl, tablePrefix, queryTimeoutMs, ...rest } = options;
  return startInstanceProcesses({
    ...rest,
    entry: new URL('./instance-app.ts', import.meta.url),
    storeEnv: (index) => ({
      IW_STORE_URL: databaseUrl(index),
      IW_STORE_PREFIX: tablePrefix,
      IW_STORE_TIMEOUT_MS: String(queryTimeoutMs),
    }),
  });
}
