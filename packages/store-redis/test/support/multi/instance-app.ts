// The Redis store's app instance process (forked by instances.ts): every store on Redis.
import { createRedisStores } from '../../../src/index.js';
import { runInstance } from './instance-runner.js';

runInstance((env, logger) =>
  createRedisStores({
    url: env.IW_STORE_URL!,
    prefix: env.IW_STORE_PREFIX!,
    commandTimeoutMs: Number(env.IW_STORE_TIMEOUT_MS),
    connectTimeoutMs: Number(env.IW_STORE_TIMEOUT_MS),
    maxReconnectDelayMs: 200,
    logger,
  }),
);
