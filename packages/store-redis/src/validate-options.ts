// createRedisStores's options, checked once at creation and resolved with their defaults.
import {
  checkOptionsObject,
  invalidOption,
  optionalNumber,
  optionalObject,
  optionalObjectWith,
  type ShapeOf,
} from '@identity-web/core/provider';
import type { ErrorLogger, RedisStoresOptions, ResolvedOptions } from './options.js';

const silent = { error() {} };

/** Time limits and delays: whole milliseconds, up to ten minutes. */
const MAX_MS = 600_000;

function positiveMs(value: unknown, option: string, fallback: number): number {
  return optionalNumber(value, option, fallback, { min: 1, max: MAX_MS, integer: true });
}

function wholeMs(value: unknown, option: string, fallback: number): number {
  return optionalNumber(value, option, fallback, { min: 0, max: MAX_MS, integer: true });
}

function redisUrl(value: unknown, option: string): string {
  if (typeof value !== 'string' || !URL.canParse(value))
    throw invalidOption(option, 'must be a redis:// or rediss:// URL');
  const { protocol } = new URL(value);
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw invalidOption(option, 'must be a redis:// or rediss:// URL');
  return value;
}

function target(options: RedisStoresOptions): ResolvedOptions['target'] {
  const given = (['url', 'cluster', 'client'] as const).filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    throw invalidOption(given[1] ?? 'url', 'is missing or conflicts: give exactly one of `url`, `cluster` or `client`');
  }
  if (options.url !== undefined) return { kind: 'url', url: redisUrl(options.url, 'url') };
  if (options.client !== undefined) {
    if (typeof options.client !== 'object' || typeof options.client.sendCommand !== 'function') {
      throw invalidOption('client', 'must be a node-redis client (createClient) or cluster (createCluster)');
    }
    return { kind: 'client', client: options.client };
  }
  const { cluster } = options;
  if (typeof cluster !== 'object' || cluster === null || !Array.isArray(cluster.rootNodes)) {
    throw invalidOption('cluster.rootNodes', 'must be a list of redis:// URLs');
  }
  if (cluster.rootNodes.length === 0) throw invalidOption('cluster.rootNodes', 'must name at least one node');
  for (const [i, url] of cluster.rootNodes.entries()) redisUrl(url, `cluster.rootNodes[${i}]`);
  optionalObject(cluster.nodeOptions, 'cluster.nodeOptions');
  wholeMs(cluster.topologyRefreshMs, 'cluster.topologyRefreshMs', 0);
  return { kind: 'cluster', cluster };
}

function prefix(value: unknown): string {
  if (value === undefined) return 'iw:';
  if (typeof value !== 'string' || value.length > 64 || /[{}]/.test(value)) {
    throw invalidOption('prefix', 'must be a string of at most 64 characters without `{` or `}`');
  }
  return value;
}

function namespace(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 64 || /[{}]/.test(value)) {
    throw invalidOption('namespace', 'must be a string of at most 64 characters without `{` or `}`');
  }
  return value;
}

/** Every key of {@link RedisStoresOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<RedisStoresOptions> = {
  url: true,
  // `nodeOptions` are node-redis's own client options: node-redis checks them.
  cluster: { rootNodes: true, nodeOptions: true, topologyRefreshMs: true },
  client: true,
  prefix: true,
  namespace: true,
  commandTimeoutMs: true,
  replicaWaitMs: true,
  connectTimeoutMs: true,
  maxReconnectDelayMs: true,
  logger: true,
};

/** Checks every option once, at creation, so a typo fails at startup and not on the first request. */
export function validateOptions(options: RedisStoresOptions): ResolvedOptions {
  checkOptionsObject(options, OPTION_SHAPE, 'createRedisStores');
  const logger = optionalObjectWith<ErrorLogger>(
    options.logger,
    'logger',
    ['error'],
    'pino, console or the core Logger',
  );
  return {
    target: target(options),
    prefix: prefix(options.prefix),
    namespace: namespace(options.namespace),
    commandTimeoutMs: positiveMs(options.commandTimeoutMs, 'commandTimeoutMs', 2000),
    replicaWaitMs: wholeMs(options.replicaWaitMs, 'replicaWaitMs', 500),
    connectTimeoutMs: positiveMs(options.connectTimeoutMs, 'connectTimeoutMs', 2000),
    maxReconnectDelayMs: positiveMs(options.maxReconnectDelayMs, 'maxReconnectDelayMs', 1000),
    logger: logger ?? silent,
    warn:
      logger === undefined
        ? (fields, message) => console.warn(message, fields)
        : (fields, message) =>
            typeof logger.warn === 'function' ? logger.warn(fields, message) : logger.error(fields, message),
  };
}
