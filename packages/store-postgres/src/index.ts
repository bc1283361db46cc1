// Public entry of @identity-web/postgres.
export { createPostgresStores, type PostgresStores } from './create-postgres-stores.js';
export {
  type MigrateOptions,
  type MigrationScript,
  type MigrationTarget,
  migrate,
  migrationScripts,
} from './migrate.js';
export type { ErrorLogger, PostgresPool, PostgresStoresOptions } from './options.js';
