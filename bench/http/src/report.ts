import { cpus, totalmem } from 'node:os';
import type { RunResult } from './load.js';
import type { BenchOptions } from './options.js';
import type { Variant, VariantId } from './variants.js';

/** A variant's repeats reduced to one row: medians of the rates and latencies, sums of the failures. */
export interface Summary {
  readonly variant: Variant;
  readonly runs: number;
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

export function summarize(variant: Variant, runs: readonly RunResult[]): Summary {
  return {
    variant,
    runs: runs.length,
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
 * The Markdown table: each variant's req/s as a share of its framework's bare route, and the
 * server's CPU time per request (what identity-web adds is the difference to the bare route).
 */
export function markdownTable(rows: readonly Row[]): string {
  const rates = new Map<VariantId, number>();
  const cpu = new Map<VariantId, number>();
  for (const row of rows) {
    if (!('reqPerSec' in row)) continue;
    rates.set(row.variant.id, row.reqPerSec);
    cpu.set(row.variant.id, row.cpuMicrosPerRequest);
  }
  const lines = [
    '| Variant | req/s (mean, median of runs) | % of bare route | p50 (ms) | p99 (ms) | server CPU µs/request | added to bare (µs) | non-2xx | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    if (!('reqPerSec' in row)) {
      lines.push(`| ${row.variant.label} | ${row.skipped} | | | | | | | |`);
      continue;
    }
    const base = rates.get(row.variant.baseline);
    const share = base ? `${((row.reqPerSec / base) * 100).toFixed(0)} %` : 'n/a';
    const baseCpu = cpu.get(row.variant.baseline);
    const added =
      row.variant.baseline === row.variant.id || baseCpu === undefined
        ? '—'
        : fmtMicros(row.cpuMicrosPerRequest - baseCpu);
    lines.push(
      `| ${row.variant.label} | ${fmtRate(row.reqPerSec)} | ${share} | ${fmtMs(row.p50Ms)} | ${fmtMs(row.p99Ms)} | ${fmtMicros(row.cpuMicrosPerRequest)} | ${added} | ${row.non2xx} | ${row.errors} |`,
    );
  }
  return lines.join('\n');
}

/** Where and how the numbers were taken, for under the table. */
export function machineLine(options: BenchOptions, date = new Date()): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  const runs = `${options.connections} connections, ${options.durationSeconds} s per run, ${options.repeats} run(s) per variant (median), ${options.warmupSeconds} s warm-up`;
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
