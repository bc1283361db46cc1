// `pnpm bench:http [--quick]`: every variant's server in a child process on 127.0.0.1, loaded
// from this process with autocannon; a Markdown table at the end. See README.md.
import { ChildFailure, type RunningVariant, startVariant } from './child.js';
import { load, type RunResult } from './load.js';
import { type BenchOptions, OptionError, parseOptions, USAGE } from './options.js';
import { type Pinning, pinning } from './pinning.js';
import { findRedis, loadRedisStores, redactedUrl } from './redis.js';
import { describeRun, machineLine, markdownTable, type Row, summarize } from './report.js';
import { GROUPS, type Variant, type VariantId } from './variants.js';

/** A run answered something else than 2xx, errored, or reached the IdP: the numbers would lie. */
class RunFailure extends Error {
  override readonly name = 'RunFailure';
}

type RedisPlan = { readonly url: string } | { readonly skipped: string };

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') return console.log(USAGE);
  console.log(`identity-web HTTP benchmark: ${machineLine(options, '')}\n`);
  const redis = await planRedis(process.env);
  if ('url' in redis) console.log(`Redis variants use ${redactedUrl(redis.url)}\n`);
  const pin = await pinning();
  if ('skipped' in pin) console.log(`Pinning: none (${pin.skipped}); paired runs skipped\n`);
  const pinned = 'skipped' in pin ? 'unpinned' : `servers on CPU ${pin.serverCpu}, load on CPU ${pin.loadCpu}`;
  const paired =
    'skipped' in pin
      ? `paired runs skipped (${pin.skipped})`
      : options.pairedRounds > 0
        ? `${options.pairedRounds} paired round(s)`
        : 'paired runs skipped (--paired 0)';
  const rows: Row[] = [];
  for (const group of GROUPS) {
    const chosen = group.filter((v) => options.only?.has(v.id) ?? true);
    if (chosen.length > 0) rows.push(...(await runGroup(chosen, options, redis, 'skipped' in pin ? null : pin)));
  }
  console.log(`\n## HTTP benchmark\n\n${markdownTable(rows)}\n\n${machineLine(options, `${pinned}, ${paired}`)}`);
}

async function planRedis(env: NodeJS.ProcessEnv): Promise<RedisPlan> {
  if (!(await loadRedisStores())) return { skipped: 'skipped: @identity-web/redis not installed' };
  const url = await findRedis(env);
  return url ? { url } : { skipped: 'skipped: no Redis reachable (set REDIS_URL, or run one on 127.0.0.1:6379)' };
}

/**
 * Runs a group's variants in turn, `repeats` rounds, then the paired rounds. Every round starts
 * fresh server processes: the same code in two processes can differ by a quarter in CPU per
 * request for the whole life of each (CPU profiles put it in the kernel's `writev` and in
 * `process.nextTick`, not in the route's own functions), so a process of its own per round turns
 * that luck into spread between rounds, which the median and the range then show.
 */
async function runGroup(
  group: readonly Variant[],
  options: BenchOptions,
  redis: RedisPlan,
  pin: Pinning | null,
): Promise<Row[]> {
  const rows = new Map<VariantId, Row>();
  const chosen = group.filter((variant) => {
    if (!variant.needsRedis || !('skipped' in redis)) return true;
    console.log(`${variant.label}: ${redis.skipped}`);
    rows.set(variant.id, { variant, skipped: redis.skipped });
    return false;
  });
  const runs = new Map<VariantId, RunResult[]>(chosen.map((v) => [v.id, []]));
  for (let round = 1; round <= options.repeats; round++) {
    await withServers(chosen, options, redis, `round ${round}`, round === 1, async (running) => {
      // Each server alone on one core and the load on the other, as in the paired rounds:
      // unpinned, the scheduler now and then puts a server next to the load generator, and that
      // process then takes about a quarter more CPU per request for its whole run.
      if (pin) await pinRunning(running, pin);
      try {
        for (const child of running) {
          if (options.warmupSeconds > 0) await measure(child, options, options.warmupSeconds, 'warm-up');
          const result = await measure(child, options, options.durationSeconds, `run ${round}/${options.repeats}`);
          runs.get(child.variant.id)!.push(result);
        }
      } finally {
        // The next round's servers are forked from this process: they must not inherit its core.
        if (pin) await unpinLoad(pin);
      }
    });
  }
  const shares: PairedShares = { bare: new Map(), shape: new Map() };
  // Only variants whose bare route runs too have a pair; without any, no servers are started.
  const paired = chosen.some((v) => v.baseline !== v.id && chosen.some((b) => b.id === v.baseline));
  for (let round = 1; pin && paired && round <= options.pairedRounds; round++) {
    const ran = await withServers(chosen, options, redis, `paired round ${round}`, false, (running) =>
      pairedRound(running, options, pin, round, shares),
    );
    if (!ran) {
      if (round > 1) console.log(`  paired: only the ${round - 1} round(s) before this one are reported`);
      break;
    }
  }
  for (const variant of chosen) {
    const { id } = variant;
    rows.set(id, summarize(variant, runs.get(id)!, shares.bare.get(id), shares.shape.get(id)));
  }
  return group.map((v) => rows.get(v.id)!);
}

/** Starts the variants' servers (signed in and warm), runs `body` with them, and stops them. */
async function withServers<T>(
  group: readonly Variant[],
  options: BenchOptions,
  redis: RedisPlan,
  round: string,
  announce: boolean,
  body: (running: readonly RunningVariant[]) => Promise<T>,
): Promise<T> {
  const running: RunningVariant[] = [];
  try {
    for (const variant of group) {
      const env = 'url' in redis ? { ...process.env, BENCH_REDIS_URL: redis.url } : process.env;
      const child = await startVariant(variant, env, options.profileDir);
      running.push(child);
      if (announce) console.log(`${variant.label}: ready at ${child.ready.url} (${child.ready.note})`);
      if (options.profileDir)
        console.log(`  CPU profile of pid ${child.pid} (${variant.label}, ${round}) → ${options.profileDir}`);
    }
    return await body(running);
  } finally {
    await Promise.all(running.map((c) => c.stop()));
  }
}

/** Pins each running server to the servers' core and this process (the load) to the other. */
async function pinRunning(running: readonly RunningVariant[], pin: Pinning): Promise<void> {
  try {
    for (const child of running) if (child.pid !== undefined) await pin.pin(child.pid, pin.serverCpu);
    await pin.pin(process.pid, pin.loadCpu);
  } catch (error) {
    throw new RunFailure(`could not pin the servers and the load: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Gives this process back the CPUs it had. */
async function unpinLoad(pin: Pinning): Promise<void> {
  await pin.unpin(process.pid).catch((error: unknown) => {
    throw new RunFailure(`could not undo the load generator's pinning: ${(error as Error).message}`);
  });
}

/** Each protected variant's paired shares (in %), one per round: of its bare route, and of its same-shape route. */
interface PairedShares {
  readonly bare: Map<VariantId, number[]>;
  readonly shape: Map<VariantId, number[]>;
}

/**
 * One paired round: each protected variant loaded at the same time as its bare route, then at
 * the same time as its same-shape route, both servers of a pair pinned to one core and this
 * process (the load) to another, so a slow phase of the machine hits both sides alike. The share
 * is the ratio of the two servers' CPU time per request in that same window (other ÷ variant):
 * the req/s the variant reaches on a core the other route would fill, whatever part of the shared
 * core the scheduler gave each. Adds each variant's shares to `shares`; `false` when pinning
 * failed (no paired rounds then).
 */
async function pairedRound(
  running: readonly RunningVariant[],
  options: BenchOptions,
  pin: Pinning,
  round: number,
  shares: PairedShares,
): Promise<boolean> {
  const byId = new Map(running.map((c) => [c.variant.id, c]));
  const pairs = running.flatMap((c) => {
    const base = byId.get(c.variant.baseline);
    const shape = c.variant.shape === undefined ? undefined : byId.get(c.variant.shape);
    return [
      ...(base && base !== c ? [[base, c, shares.bare] as const] : []),
      ...(shape ? [[shape, c, shares.shape] as const] : []),
    ];
  });
  if (pairs.length === 0) return false;
  const connections = Math.max(1, Math.round(options.connections / 2));
  const pids = running.map((c) => c.pid).filter((pid) => pid !== undefined);
  try {
    try {
      for (const pid of pids) await pin.pin(pid, pin.serverCpu);
      await pin.pin(process.pid, pin.loadCpu);
    } catch (error) {
      console.log(`  paired: skipped (taskset failed: ${(error as Error).message.split('\n')[0]})`);
      return false;
    }
    if (round === 1) {
      console.log(
        `  paired: servers on CPU ${pin.serverCpu}, load on CPU ${pin.loadCpu}, ${connections} connections each`,
      );
    }
    for (const [base, child, into] of pairs) {
      const what = `paired run ${round}/${options.pairedRounds}`;
      // Fresh processes: warm both up together first, as the sequential rounds do.
      if (options.warmupSeconds > 0) {
        await Promise.all([
          measure(base, options, options.warmupSeconds, `${what}, warm-up`, connections),
          measure(child, options, options.warmupSeconds, `${what}, warm-up`, connections),
        ]);
      }
      const [b, v] = await Promise.all([
        measure(base, options, options.durationSeconds, `${what} (with ${child.variant.label})`, connections),
        measure(child, options, options.durationSeconds, what, connections),
      ]);
      const share = (b.cpuMicrosPerRequest / v.cpuMicrosPerRequest) * 100;
      const rate = (v.reqPerSec / b.reqPerSec) * 100;
      console.log(
        `  ${child.variant.label}, ${what}: ${share.toFixed(1)} % of ${base.variant.label} by CPU per request (${rate.toFixed(1)} % by req/s)`,
      );
      into.set(child.variant.id, [...(into.get(child.variant.id) ?? []), share]);
    }
  } finally {
    // The processes end with this round; only this process's own pinning must be undone, or
    // the next group's servers would inherit the load generator's core.
    await unpinLoad(pin);
  }
  return true;
}

async function measure(
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

main().catch((error: unknown) => {
  const known = error instanceof RunFailure || error instanceof OptionError || error instanceof ChildFailure;
  console.error(`\nbench:http FAILED: ${known ? (error as Error).message : String(error)}`);
  if (!known) console.error(error);
  if (error instanceof OptionError) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
