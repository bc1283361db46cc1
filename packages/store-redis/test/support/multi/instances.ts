// The Redis store's app instances: the shared harness (instance-processes.ts) on Redis.
import { type InstanceProcessesOptions, type Instances, startInstanceProcesses } from './instance-processes.js';

export type { Instance, Instances } from './instance-processes.js';

export interface InstancesOptions
  extends Pick<InstanceProcessesOptions, 'count' | 'idpUrl' | 'ssfIssuer' | 'ssfDelivery'> {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly commandTimeoutMs: number;
}

/** Forks `count` instances of the test app, every store on the Redis at `redisUrl`. */
export function startInstances(options: InstancesOptions): Promise<Instances> {
  const { redisUrl, prefix, commandTimeoutMs, ...rest } = options;
  return startInstanceProcesses({
    ...rest,
    entry: new URL('./instance-app.ts', import.meta.url),
    storeEnv: () => ({
      IW_STORE_URL: redisUrl,
      IW_STORE_PREFIX: prefix,
      IW_STORE_TIMEOUT_MS: String(commandTimeoutMs),
    }),
  });
}
