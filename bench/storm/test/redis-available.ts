import { spawnSync } from 'node:child_process';

const HOW = 'apt-get install -y redis-server, then rerun';

/**
 * Whether redis-server is on PATH. Without it the Redis cases are skipped with one loud line,
 * unless REQUIRE_REDIS=1 (as in CI), where a missing server is an error.
 */
export function redisServerAvailable(): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but redis-server is not on PATH: ${HOW}`);
  console.warn(`\n*** SKIPPED: the storm tests on Redis need redis-server on PATH: ${HOW} ***\n`);
  return false;
}
