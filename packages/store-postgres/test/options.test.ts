import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStores, migrate, migrationScripts, type PostgresStoresOptions } from '../src/index.js';

const URL = 'postgres://app@127.0.0.1:1/app';

const rejects = (options: unknown, option: string) =>
  expect(() => createPostgresStores(options as PostgresStoresOptions)).toThrow(
    expect.objectContaining({ code: 'invalid_option', option }),
  );

describe('createPostgresStores options', () => {
  it('needs exactly one of url and pool, naming the option at fault', () => {
    rejects({}, 'url');
    rejects({ url: URL, pool: new pg.Pool() }, 'pool');
    rejects({ url: 'redis://127.0.0.1:6379' }, 'url');
    rejects({ url: 'not a url' }, 'url');
    rejects({ pool: {} }, 'pool');
  });

  it('refuses unknown options, as a typo would be', () => {
    expect(() => createPostgresStores({ url: URL, queryTimeout: 100 } as PostgresStoresOptions)).toThrow(
      /queryTimeout/,
    );
    // Another ending of an option's name: the option is named.
    expect(() => createPostgresStores({ url: URL, migrations: false } as PostgresStoresOptions)).toThrow(
      '"migrations" is not an option of createPostgresStores: did you mean "migrate"?',
    );
  });

  it('takes schema and table prefix only as plain lower-case identifiers', () => {
    rejects({ url: URL, schema: 'Identity' }, 'schema');
    rejects({ url: URL, schema: '' }, 'schema');
    rejects({ url: URL, schema: 'a"; DROP TABLE x; --' }, 'schema');
    rejects({ url: URL, tablePrefix: 'shop-' }, 'tablePrefix');
    rejects({ url: URL, tablePrefix: 'x'.repeat(31) }, 'tablePrefix');
    rejects({ url: URL, namespace: 'x'.repeat(65) }, 'namespace');
  });

  it('refuses bad timeouts, sizes and switches', () => {
    rejects({ url: URL, queryTimeoutMs: 0 }, 'queryTimeoutMs');
    rejects({ url: URL, connectTimeoutMs: 1.5 }, 'connectTimeoutMs');
    rejects({ url: URL, maxConnections: 0 }, 'maxConnections');
    rejects({ url: URL, sweepIntervalMs: -1 }, 'sweepIntervalMs');
    rejects({ url: URL, sweepBatchSize: 0 }, 'sweepBatchSize');
    rejects({ url: URL, maxReconnectDelayMs: Number.NaN }, 'maxReconnectDelayMs');
    rejects({ url: URL, migrate: 'yes' }, 'migrate');
    rejects({ url: URL, logger: { info() {} } }, 'logger');
    rejects({ url: URL, clock: Date.now }, 'clock');
  });

  it('gives the migrations as SQL with the schema and prefix filled in', () => {
    const [first] = migrationScripts({ schema: 'identity', tablePrefix: 'shop_' });
    expect(first?.name).toBe('shop_001_tables.sql');
    expect(first?.sql).toContain('CREATE TABLE "identity"."shop_sessions"');
    expect(first?.sql).toContain('INSERT INTO "identity"."shop_migrations" (version, name) VALUES (1, \'tables\')');
    expect(() => migrationScripts({ schema: 'Bad Schema' })).toThrow(expect.objectContaining({ option: 'schema' }));
    expect(() => migrationScripts({ prefix: 'x_' } as never)).toThrow(expect.objectContaining({ option: 'prefix' }));
  });

  it('refuses options of the stores that migrate does not take', async () => {
    await expect(migrate({ url: URL, migrate: false } as never)).rejects.toMatchObject({
      code: 'invalid_option',
      option: 'migrate',
    });
    await expect(migrate({ schema: 'identity' })).rejects.toMatchObject({ code: 'invalid_option', option: 'url' });
  });
});
