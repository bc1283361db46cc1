import { describeApiStoreScenarios, describeStoreSetContract } from '@identity-web/core/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeBusReconnect } from './suites/bus-reconnect.js';
import { describeFaults } from './suites/faults.js';
import { describeMigrations } from './suites/migrations.js';
import { describeSweeper } from './suites/sweeper.js';
import { postgresAvailable } from './support/availability.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';
import { postgresStoreSet } from './support/store-fixtures.js';

// The tests that need a real PostgreSQL, behind one file, so a machine without the server
// binaries prints a single line and the server starts once (initdb in a temporary directory).
describe.runIf(postgresAvailable())('@identity-web/postgres on a private server', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.concurrent('a clock the tests move', () =>
    describeStoreSetContract(
      'postgres',
      postgresStoreSet(() => ({ url: server.url }), 'manual'),
    ));
  describe.concurrent("the database server's clock", () =>
    describeStoreSetContract(
      'postgres (database clock)',
      postgresStoreSet(() => ({ url: server.url }), 'database'),
    ));
  describeApiStoreScenarios(
    'PostgreSQL',
    postgresStoreSet(() => ({ url: server.url }), 'database'),
  );
  describeBusReconnect(() => server);
  describeMigrations(() => server);
  describeSweeper(() => server);
  describeFaults();
});
