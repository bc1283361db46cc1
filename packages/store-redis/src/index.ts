// Public entry of @identity-web/redis.
export { createRedisStores, type RedisStores } from './create-redis-stores.js';
export type { ErrorLogger, ExistingRedis, RedisClusterConnectOptions, RedisStoresOptions } from './options.js';
