import { cpus, totalmem } from 'node:os';
import type { RunResult } from './load.js';
import type { BenchOptions } from './options.js';
import type { Variant, VariantId } from './variants.js';

/** A variant's repeats reduced to one row: medians of the rates and latencies, sums of the failures. */
export interface Summary {
  readonly variant: Variant;
  readonly runs: number;
  /** Each run's req/s and server CPU µs/request, in round order: run i was next to its baseline's run i. */
  readonly runRates: readonly number[];
  readonly runCpu: readonly number[];
  /** The bare route's CPU µs/request ÷ this variant's, both loaded at once on one core, in %; one per paired round. */
  readonly pairedShares: readonly number[];
  /** The same-shape route's CPU µs/request ÷ this variant's, both loaded at once on one core, in %; one per paired round. */
  readonly pairedShapeShares: readonly number[];
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Median server CPU time per request, in microseconds. */
  readonly cpuMicrosPerRequest: number;
  readonly non2xx: number;
  readonly errors: number;
}

export type Row = Summary | { readonly variant: Variant; readonly skipped: string };

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(
  variant: Variant,
  runs: readonly RunResult[],
  pairedShares: readonly number[] = [],
  pairedShapeShares: readonly number[] = [],
): Summary {
  return {
    pairedShares,
    pairedShapeShares,
    variant,
    runs: runs.length,
    runRates: runs.map((r) => r.reqPerSec),
    runCpu: runs.map((r) => r.cpuMicrosPerRequest),
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

export function describeRun(r: RunResult): string {
  return `${fmtRate(r.reqPerSec)} req/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, server CPU ${fmtMicros(r.cpuMicrosPerRequest)} µs/request, ${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors}`;
}

/**
 * The Markdown table: each variant's req/s as a share of its framework's bare route (and, for a
 * protected variant, of the bare route in its shape), and the server's CPU time per request
 * (what identity-web adds is the difference to the bare route, and its own work the difference
 * to the shape).
 *
 * Shares and differences are paired by round: run i of a variant is compared with the bare
 * route's runs that bracket it (run i, just before it in the same round, and run i + 1, the
 * next round's, with fresh servers; the mean of the two), and the median of those ratios is shown with their range. A
 * shared machine's slow phases then hit both sides of a ratio alike, where a ratio of medians
 * would compare runs from different phases.
 */
export function markdownTable(rows: readonly Row[]): string {
  const byId = new Map<VariantId, Summary>();
  for (const row of rows) if ('reqPerSec' in row) byId.set(row.variant.id, row);
  const lines = [
    '| Variant | req/s (mean, median of runs) | % of bare route (median of rounds, range) | % of the same-shape route (median of rounds, range) | % of bare, paired on one core (by CPU/request; median, range) | % of the same-shape route, paired on one core (by CPU/request; median, range) | p50 (ms) | p99 (ms) | server CPU µs/request | added to bare (µs, median of rounds) | added to the shape (µs, median of rounds) | non-2xx | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if (!('reqPerSec' in row)) {
      lines.push(`| ${row.variant.label} | ${row.skipped} | | | | | | | | | | | |`);
      continue;
    }
    const base = row.variant.baseline === row.variant.id ? undefined : byId.get(row.variant.baseline);
    const shares = base ? paired(row.runRates, base.runRates, (a, b) => (a / b) * 100) : [];
    const added = base ? paired(row.runCpu, base.runCpu, (a, b) => a - b) : [];
    const share = row.variant.baseline === row.variant.id ? '100 %' : shares.length === 0 ? 'n/a' : spread(shares);
    const shape = row.variant.shape === undefined ? undefined : byId.get(row.variant.shape);
    const shapeShares = shape ? paired(row.runRates, shape.runRates, (a, b) => (a / b) * 100) : [];
    const shapeAdded = shape ? paired(row.runCpu, shape.runCpu, (a, b) => a - b) : [];
    const pairedShare =
      row.variant.baseline === row.variant.id ? '—' : row.pairedShares.length === 0 ? 'n/a' : spread(row.pairedShares);
    const pairedShapeShare =
      row.variant.shape === undefined
        ? '—'
        : row.pairedShapeShares.length === 0
          ? 'n/a'
          : spread(row.pairedShapeShares);
    lines.push(
      `| ${row.variant.label} | ${fmtRate(row.reqPerSec)} | ${share} | ${shapeShares.length === 0 ? '—' : spread(shapeShares)} | ${pairedShare} | ${pairedShapeShare} | ${fmtMs(row.p50Ms)} | ${fmtMs(row.p99Ms)} | ${fmtMicros(row.cpuMicrosPerRequest)} | ${added.length === 0 ? '—' : fmtMicros(median(added))} | ${shapeAdded.length === 0 ? '—' : fmtMicros(median(shapeAdded))} | ${row.non2xx} | ${row.errors} |`,
    );
  }
  return lines.join('\n');
}

/** "91 % (75–94)": the median and the range of shares in %. */
function spread(shares: readonly number[]): string {
  return `${median(shares).toFixed(0)} % (${Math.min(...shares).toFixed(0)}–${Math.max(...shares).toFixed(0)})`;
}

/** `f(run i, the baseline around run i)` for every round both sides ran. */
function paired(runs: readonly number[], base: readonly number[], f: (run: number, base: number) => number): number[] {
  return runs.slice(0, Math.min(runs.length, base.length)).map((run, i) => {
    const around = i + 1 < base.length ? (base[i]! + base[i + 1]!) / 2 : base[i]!;
    return f(run, around);
  });
}

/** Where and how the numbers were taken, for under the table. */
export function machineLine(options: BenchOptions, paired: string, date = new Date()): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  const runs = `${options.connections} connections, ${options.durationSeconds} s per run, ${options.repeats} run(s) per variant (median), ${options.warmupSeconds} s warm-up${paired ? `, ${paired}` : ''}`;
  return `${cores.length} cores (${model}), ${memory}, Node ${process.version} on ${process.platform}/${process.arch}; ${runs}; ${date.toISOString()}${options.quick ? ' (--quick smoke run)' : ''}`;
}

function fmtRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function fmtMs(value: number): string {
  return value.toFixed(value < 10 ? 1 : 0);
}

function fmtMicros(value: number): string {
  return value.toFixed(value < 100 ? 1 : 0);
}
