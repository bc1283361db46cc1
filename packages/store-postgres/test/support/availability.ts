import { postgresBinDir } from './binaries.js';

const HOW = 'apt-get install -y postgresql (or bash .ci/install-postgres), then rerun';

/**
 * Whether initdb and postgres are on PATH or in /usr/lib/postgresql/<major>/bin. Without them the
 * PostgreSQL suite is skipped with one loud line, unless REQUIRE_POSTGRES=1 (as in CI), where a
 * missing server is an error.
 */
export function postgresAvailable(): boolean {
  if (postgresBinDir() !== null) return true;
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but initdb and postgres are not installed: ${HOW}`);
  }
  console.warn(`\n*** SKIPPED: the @identity-web/postgres suite needs initdb and postgres: ${HOW} ***\n`);
  return false;
}
