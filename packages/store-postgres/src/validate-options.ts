// createPostgresStores's options, checked once at creation and resolved with their defaults.
import {
  checkOptionsObject,
  invalidOption,
  optionalBoolean,
  optionalClock,
  optionalNumber,
  optionalObjectWith,
  type ShapeOf,
} from '@identity-web/core/provider';
import type { Pool } from 'pg';
import type { ErrorLogger, PostgresStoresOptions } from './options.js';
import type { ResolvedOptions } from './resolved-options.js';

const silent = { error() {} };

/** Time limits and delays: whole milliseconds, up to ten minutes. */
const MAX_MS = 600_000;

function positiveMs(value: unknown, option: string, fallback: number): number {
  return optionalNumber(value, option, fallback, { min: 1, max: MAX_MS, integer: true });
}

function postgresUrl(value: unknown): string {
  const refusal = 'must be a postgres:// or postgresql:// connection string';
  if (typeof value !== 'string' || !URL.canParse(value)) throw invalidOption('url', refusal);
  const { protocol } = new URL(value);
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw invalidOption('url', refusal);
  return value;
}

function target(options: PostgresStoresOptions): ResolvedOptions['target'] {
  const given = (['url', 'pool'] as const).filter((name) => options[name] !== undefined);
  if (given.length !== 1) {
    throw invalidOption(given[1] ?? 'url', 'is missing or conflicts: give exactly one of `url` or `pool`');
  }
  if (options.url !== undefined) return { kind: 'url', url: postgresUrl(options.url) };
  const pool = options.pool as unknown as Record<string, unknown> | null;
  if (typeof pool !== 'object' || pool === null || typeof pool.connect !== 'function' || !('options' in pool)) {
    throw invalidOption('pool', 'must be a node-postgres Pool (new pg.Pool(...))');
  }
  // Checked above as far as it can be: an object with connect(callback) and options, as pg.Pool has.
  return { kind: 'pool', pool: options.pool as unknown as Pool };
}

/** A name put into SQL as written: a plain lower-case identifier, so it never needs quoting rules. */
function identifier(value: unknown, option: string, fallback: string, max: number, empty: boolean): string {
  if (value === undefined) return fallback;
  const pattern = empty ? /^([a-z_][a-z0-9_]*)?$/ : /^[a-z_][a-z0-9_]*$/;
  if (typeof value !== 'string' || value.length > max || !pattern.test(value)) {
    throw invalidOption(
      option,
      `must be ${empty ? 'empty or ' : ''}lower-case letters, digits and "_", not starting with a digit, at most ${max} characters`,
    );
  }
  return value;
}

function namespace(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 64) {
    throw invalidOption('namespace', 'must be a string of at most 64 characters');
  }
  return value;
}

/** Every key of {@link PostgresStoresOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<PostgresStoresOptions> = {
  url: true,
  pool: true,
  schema: true,
  tablePrefix: true,
  namespace: true,
  migrate: true,
  queryTimeoutMs: true,
  connectTimeoutMs: true,
  maxConnections: true,
  sweepIntervalMs: true,
  sweepBatchSize: true,
  maxReconnectDelayMs: true,
  logger: true,
  clock: true,
};

/** Checks every option once, at creation, so a typo fails at startup and not on the first request. */
export function validateOptions(options: PostgresStoresOptions, owner = 'createPostgresStores'): ResolvedOptions {
  checkOptionsObject(options, OPTION_SHAPE, owner);
  const logger = optionalObjectWith<ErrorLogger>(
    options.logger,
    'logger',
    ['error'],
    'pino, console or the core Logger',
  );
  return {
    target: target(options),
    schema: identifier(options.schema, 'schema', 'public', 63, false),
    tablePrefix: identifier(options.tablePrefix, 'tablePrefix', 'identity_web_', 30, true),
    namespace: namespace(options.namespace),
    migrate: optionalBoolean(options.migrate, 'migrate', true),
    queryTimeoutMs: positiveMs(options.queryTimeoutMs, 'queryTimeoutMs', 2000),
    connectTimeoutMs: positiveMs(options.connectTimeoutMs, 'connectTimeoutMs', 2000),
    maxConnections: optionalNumber(options.maxConnections, 'maxConnections', 10, { min: 1, max: 1000, integer: true }),
    sweepIntervalMs: optionalNumber(options.sweepIntervalMs, 'sweepIntervalMs', 60_000, {
      min: 0,
      max: 86_400_000,
      integer: true,
      note: '0: never',
    }),
    sweepBatchSize: optionalNumber(options.sweepBatchSize, 'sweepBatchSize', 1000, {
      min: 1,
      max: 100_000,
      integer: true,
    }),
    maxReconnectDelayMs: positiveMs(options.maxReconnectDelayMs, 'maxReconnectDelayMs', 1000),
    logger: logger ?? silent,
    clock: options.clock === undefined ? undefined : optionalClock(options.clock),
  };
}
