import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FRAMEWORKS, GROUPS, VARIANTS, type VariantId } from './variants.js';

/** How one `pnpm bench:http` run loads each variant. */
export interface BenchOptions {
  /** Concurrent keep-alive connections autocannon opens. */
  readonly connections: number;
  /** Seconds of each measured run. */
  readonly durationSeconds: number;
  /** Measured runs per variant; the report shows their median. */
  readonly repeats: number;
  /** Seconds of an unrecorded run before each measured one; every round starts fresh servers (JIT, caches, sockets). */
  readonly warmupSeconds: number;
  readonly quick: boolean;
  /** A directory for each server's V8 CPU profile (`--cpu-prof`), or `null`. */
  readonly profileDir: string | null;
  /** Rounds of each protected variant loaded together with its bare route on one core (0: none). */
  readonly pairedRounds: number;
  /** The variants to run (each with its baseline and its same-shape route), or `null` for all. */
  readonly only: ReadonlySet<VariantId> | null;
}

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

const DEFAULTS = { connections: 50, durationSeconds: 5, repeats: 5, warmupSeconds: 1, pairedRounds: 3 } as const;
// A smoke run: proves every variant answers 2xx under load, not a measurement.
const QUICK = { durationSeconds: 2, repeats: 1, pairedRounds: 1 } as const;

export const USAGE = `Usage: pnpm bench:http [--quick] [--connections N] [--duration S] [--repeats N] [--warmup S]
                      [--paired N] [--only LIST] [--profile DIR]

  --quick           smoke run: ${QUICK.durationSeconds} s per run, ${QUICK.repeats} repeat (flags and env still override)
  --connections, -c concurrent connections (env BENCH_CONNECTIONS, default ${DEFAULTS.connections})
  --duration, -d    seconds per measured run (env BENCH_DURATION, default ${DEFAULTS.durationSeconds})
  --repeats, -r     measured runs per variant, median reported (env BENCH_REPEATS, default ${DEFAULTS.repeats})
  --warmup, -w      seconds of unrecorded warm-up before each run (env BENCH_WARMUP, default ${DEFAULTS.warmupSeconds})
  --paired, -p      rounds of each protected variant loaded at once with its bare route, both servers
                    on one core (Linux, taskset; env BENCH_PAIRED, default ${DEFAULTS.pairedRounds}, 0: none)
  --profile DIR     write each server's V8 CPU profile (.cpuprofile) into DIR, for Chrome DevTools
  --only LIST       comma-separated variant ids or a group (${FRAMEWORKS.join(', ')}); each variant's bare and same-shape routes run too
${GROUPS.map((group) => `                    ${group.map((v) => v.id).join(', ')}`).join('\n')}
  REDIS_URL         Redis for the Redis variants (default: 127.0.0.1:6379 when it answers PING)
  DATABASE_URL      PostgreSQL for the PostgreSQL variants (default: a private PostgreSQL started for
                    the run, initdb in a temporary directory, when initdb and postgres are installed)`;

/** Flags win over environment variables, which win over `--quick`, which wins over the defaults. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new OptionError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  const base = quick ? { ...DEFAULTS, ...QUICK } : DEFAULTS;
  return {
    quick,
    connections: integer('--connections', values.connections ?? env.BENCH_CONNECTIONS, base.connections, 1),
    durationSeconds: integer('--duration', values.duration ?? env.BENCH_DURATION, base.durationSeconds, 1),
    repeats: integer('--repeats', values.repeats ?? env.BENCH_REPEATS, base.repeats, 1),
    warmupSeconds: integer('--warmup', values.warmup ?? env.BENCH_WARMUP, base.warmupSeconds, 0),
    pairedRounds: integer('--paired', values.paired ?? env.BENCH_PAIRED, base.pairedRounds, 0),
    profileDir: profileDir(values.profile),
    only: only(values.only),
  };
}

export const HOT_PATH_USAGE = `Usage: pnpm bench:hot-path [--rounds N] [--requests N]

  --rounds, -r      rounds of one block per route, in rotating order (median reported; default 30)
  --requests, -n    injected requests per block (default 2000)`;

/** `pnpm bench:hot-path`'s options: rounds, and requests per block. */
export function parseHotPathOptions(argv: readonly string[]): { rounds: number; requests: number } | 'help' {
  let values: { help?: boolean; rounds?: string; requests?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        rounds: { type: 'string', short: 'r' },
        requests: { type: 'string', short: 'n' },
      },
    }));
  } catch (error) {
    throw new OptionError((error as Error).message);
  }
  if (values.help) return 'help';
  return {
    rounds: integer('--rounds', values.rounds, 30, 1),
    requests: integer('--requests', values.requests, 2000, 1),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      connections: { type: 'string', short: 'c' },
      duration: { type: 'string', short: 'd' },
      repeats: { type: 'string', short: 'r' },
      warmup: { type: 'string', short: 'w' },
      paired: { type: 'string', short: 'p' },
      profile: { type: 'string' },
      only: { type: 'string' },
    },
  });
}

function profileDir(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.trim() === '') throw new OptionError('--profile needs a directory');
  return resolve(raw);
}

function only(raw: string | undefined): ReadonlySet<VariantId> | null {
  if (raw === undefined) return null;
  const chosen = new Set<VariantId>();
  for (const name of raw.split(',').map((n) => n.trim())) {
    const matches = VARIANTS.filter((v) => v.id === name || v.framework === name);
    if (matches.length === 0) {
      throw new OptionError(
        `--only: unknown variant "${name}" (one of ${[...FRAMEWORKS, ...VARIANTS.map((v) => v.id)].join(', ')})`,
      );
    }
    for (const v of matches) {
      chosen.add(v.id).add(v.baseline);
      if (v.shape !== undefined) chosen.add(v.shape);
    }
  }
  return chosen;
}

function integer(option: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 100_000) {
    throw new OptionError(`${option} must be an integer from ${min} to 100000, got "${raw}"`);
  }
  return value;
}
