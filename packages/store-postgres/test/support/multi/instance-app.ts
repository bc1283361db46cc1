// The PostgreSQL store's app instance process (forked by instances.ts): every store on PostgreSQL.
// The app is the Redis store's test app (one harness for both stores).
import { runInstance } from '../../../../store-redis/test/support/multi/instance-runner.js';
import { createPostgresStores } from '../../../src/index.js';

runInstance((env, logger) =>
  createPostgresStores({
    url: env.IW_STORE_URL!,
    tablePrefix: env.IW_STORE_PREFIX!,
    queryTimeoutMs: Number(env.IW_STORE_TIMEOUT_MS),
    connectTimeoutMs: 2000,
    maxReconnectDelayMs: 200,
    logger,
  }),
);
