// One measured run of a variant's server: the load, its CPU per request, and the checks that
// make it count (every answer 2xx, no token request reaching the IdP).
import type { RunningVariant } from './child.js';
import { load, type RunResult } from './load.js';
import type { BenchOptions } from './options.js';
import { describeRun } from './report.js';

/** A run answered something else than 2xx, errored, or reached the IdP: the numbers would lie. */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
}

export async function measure(
  child: RunningVariant,
  options: BenchOptions,
  seconds: number,
  what: string,
  connections = options.connections,
) {
  const { label } = child.variant;
  const before = await child.stats();
  const loaded = await load(child.ready, connections, seconds);
  const after = await child.stats();
  const reachedIdp = after.idpTokenRequests - before.idpTokenRequests;
  // What the server spent per answer, whatever share of the machine the load generator took.
  const result: RunResult = { ...loaded, cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / loaded.requests };
  console.log(`  ${label}, ${what}: ${describeRun(result)}`);
  if (result.non2xx > 0 || result.errors > 0 || result.requests === 0) {
    throw new RunFailure(
      `${label} (${what}): ${result.non2xx} non-2xx responses, ${result.errors} errors, ` +
        `${result.requests} requests; status codes ${JSON.stringify(result.statusCodes)}`,
    );
  }
  if (reachedIdp !== 0) {
    throw new RunFailure(
      `${label} (${what}): ${reachedIdp} token requests reached the IdP; every one must be a cache hit`,
    );
  }
  return result;
}
