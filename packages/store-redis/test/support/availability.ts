import { spawnSync } from 'node:child_process';

const HOW = 'apt-get install -y redis-server, then rerun';

/**
 * Whether redis-server and redis-cli are on PATH. Without them the Redis suite is skipped with one
 * loud line, unless REQUIRE_REDIS=1 (as in CI), where a missing server is an error.
 */
export function redisAvailable(): boolean {
  const found = ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version']).status === 0);
  if (found) return true;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but redis-server is not on PATH: ${HOW}`);
  console.warn(`\n*** SKIPPED: the @identity-web/redis suite needs redis-server on PATH: ${HOW} ***\n`);
  return false;
}
