// `pnpm bench:http [--quick]`: every variant's server in a child process on 127.0.0.1, loaded
// from this process with autocannon; a Markdown table at the end. See README.md.
import { ChildFailure, type RunningVariant, startVariant } from './child.js';
import type { RunResult } from './load.js';
import { measure, RunFailure } from './measure.js';
import { type BenchOptions, OptionError, parseOptions, USAGE } from './options.js';
import { type Pinning, pinning } from './pinning.js';
import { machineLine, markdownTable, type Row, summarize } from './report.js';
import { findStores, type RunStores } from './stores.js';
import { GROUPS, VARIANTS, type Variant, type VariantId } from './variants.js';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') return console.log(USAGE);
  console.log(`identity-web HTTP benchmark: ${machineLine(options, '')}\n`);
  const chosen = VARIANTS.filter((v) => options.only?.has(v.id) ?? true);
  const stores = await findStores(process.env, new Set(chosen.flatMap((v) => (v.store ? [v.store] : []))));
  // Ctrl-C ends the run through process.exit, which stops a private PostgreSQL as well.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  try {
    for (const line of stores.lines) console.log(`${line}\n`);
    await runAll(options, stores);
  } finally {
    await stores.stop();
  }
}

async function runAll(options: BenchOptions, stores: RunStores): Promise<void> {
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
    if (chosen.length > 0) rows.push(...(await runGroup(chosen, options, stores, 'skipped' in pin ? null : pin)));
  }
  console.log(`\n## HTTP benchmark\n\n${markdownTable(rows)}\n\n${machineLine(options, `${pinned}, ${paired}`)}`);
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
  stores: RunStores,
  pin: Pinning | null,
): Promise<Row[]> {
  const rows = new Map<VariantId, Row>();
  const chosen = group.filter((variant) => {
    const skipped = stores.skipped(variant);
    if (skipped === undefined) return true;
    console.log(`${variant.label}: ${skipped}`);
    rows.set(variant.id, { variant, skipped });
    return false;
  });
  const runs = new Map<VariantId, RunResult[]>(chosen.map((v) => [v.id, []]));
  for (let round = 1; round <= options.repeats; round++) {
    await withServers(chosen, options, stores.env, `round ${round}`, round === 1, async (running) => {
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
    const ran = await withServers(chosen, options, stores.env, `paired round ${round}`, false, (running) =>
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
  env: NodeJS.ProcessEnv,
  round: string,
  announce: boolean,
  body: (running: readonly RunningVariant[]) => Promise<T>,
): Promise<T> {
  const running: RunningVariant[] = [];
  try {
    for (const variant of group) {
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

main().catch((error: unknown) => {
  const known = error instanceof RunFailure || error instanceof OptionError || error instanceof ChildFailure;
  console.error(`\nbench:http FAILED: ${known ? (error as Error).message : String(error)}`);
  if (!known) console.error(error);
  if (error instanceof OptionError) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
