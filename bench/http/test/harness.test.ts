import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/load.js';
import { OptionError, parseOptions } from '../src/options.js';
import { cpuList } from '../src/pinning.js';
import { markdownTable, summarize } from '../src/report.js';
import { variantById } from '../src/variants.js';

const run = (reqPerSec: number, cpuMicrosPerRequest: number): RunResult => ({
  reqPerSec,
  cpuMicrosPerRequest,
  p50Ms: 1,
  p99Ms: 2,
  requests: 1000,
  non2xx: 0,
  errors: 0,
  statusCodes: { '200': 1000 },
});

const cells = (table: string, label: string) =>
  table
    .split('\n')
    .find((line) => line.startsWith(`| ${label} |`))!
    .split('|')
    .map((cell) => cell.trim());

describe('bench:http options', () => {
  it('--only adds each named variant’s bare and same-shape routes, and a framework name takes its group', () => {
    const options = parseOptions(['--only', 'koa-identity-web'], {});
    expect(options !== 'help' && [...options.only!].sort()).toEqual(['koa-bare', 'koa-identity-web', 'koa-shape']);
    const msal = parseOptions(['--only', 'koa-msal-partition'], {});
    expect(msal !== 'help' && [...msal.only!].sort()).toEqual(['koa-bare', 'koa-msal-partition']);
    const hono = parseOptions(['--only', 'hono'], {});
    expect(hono !== 'help' && [...hono.only!].every((id) => id.startsWith('hono-'))).toBe(true);
  });

  it('refuses an unknown variant and a negative paired count, naming the option', () => {
    expect(() => parseOptions(['--only', 'koa-nope'], {})).toThrow(OptionError);
    expect(() => parseOptions(['--only', 'koa-nope'], {})).toThrow(/--only: unknown variant "koa-nope"/);
    expect(() => parseOptions(['--paired=-1'], {})).toThrow(/--paired must be an integer/);
  });

  it('takes the paired rounds from the flag, then the environment, then --quick, then the default', () => {
    const paired = (argv: string[], env: NodeJS.ProcessEnv) => {
      const options = parseOptions(argv, env);
      return options === 'help' ? null : options.pairedRounds;
    };
    expect(paired([], {})).toBe(3);
    expect(paired(['--quick'], {})).toBe(1);
    expect(paired(['--quick'], { BENCH_PAIRED: '0' })).toBe(0);
    expect(paired(['-p', '5'], { BENCH_PAIRED: '0' })).toBe(5);
  });
});

describe('bench:http CPU lists', () => {
  it('reads taskset’s list format', () => {
    expect(cpuList('0,1')).toEqual([0, 1]);
    expect(cpuList('2-4,7')).toEqual([2, 3, 4, 7]);
    expect(cpuList(' 3 ')).toEqual([3]);
    expect(cpuList('')).toEqual([]);
  });
});

describe('bench:http report', () => {
  const bare = variantById('koa-bare')!;
  const protectedRoute = variantById('koa-identity-web')!;

  it('compares run i with the mean of the bare runs around it, and shows the median and range', () => {
    // Bare runs 100, 200, 100; protected runs 90, 120, 50: shares 90/150, 120/150, 50/100.
    const rows = [
      summarize(bare, [run(100, 10), run(200, 5), run(100, 10)]),
      summarize(protectedRoute, [run(90, 11), run(120, 8), run(50, 20)]),
    ];
    const row = cells(markdownTable(rows), protectedRoute.label);
    expect(row[3]).toBe('60 % (50–80)');
    // CPU added: 11 − 7.5, 8 − 7.5, 20 − 10 → median 3.5.
    expect(row[10]).toBe('3.5');
    // No shape route measured: no share of it.
    expect(row[4]).toBe('—');
  });

  it('compares a protected route with the same-shape route of its round too', () => {
    const shape = variantById('koa-shape')!;
    expect(protectedRoute.shape).toBe('koa-shape');
    // Shape runs 100, 100, 200 (CPU 9, 9, 4.5); protected 97, 90, 190 (CPU 9.5, 10, 5).
    const rows = [
      summarize(bare, [run(110, 8), run(110, 8), run(210, 4)]),
      summarize(shape, [run(100, 9), run(100, 9), run(200, 4.5)]),
      summarize(protectedRoute, [run(97, 9.5), run(90, 10), run(190, 5)]),
    ];
    const row = cells(markdownTable(rows), protectedRoute.label);
    // 97/100, 90/150, 190/200 → median 95 %; CPU 9.5 − 9, 10 − 6.75, 5 − 4.5 → median 0.5.
    expect(row[4]).toBe('95 % (60–97)');
    expect(row[11]).toBe('0.5');
    expect(cells(markdownTable(rows), shape.label)[4]).toBe('—');
  });

  it('shows the paired shares as given, and n/a when none were measured', () => {
    const rows = [summarize(bare, [run(100, 10)]), summarize(protectedRoute, [run(90, 11)], [80, 76, 85])];
    expect(cells(markdownTable(rows), protectedRoute.label)[5]).toBe('80 % (76–85)');
    const without = [summarize(bare, [run(100, 10)]), summarize(protectedRoute, [run(90, 11)])];
    expect(cells(markdownTable(without), protectedRoute.label)[5]).toBe('n/a');
    expect(cells(markdownTable(without), bare.label)[3]).toBe('100 %');
  });

  it('shows the shares paired with the same-shape route in a column of their own, — for a route without a shape', () => {
    const shape = variantById('koa-shape')!;
    const rows = [
      summarize(bare, [run(100, 10)]),
      summarize(shape, [run(95, 10.5)]),
      summarize(protectedRoute, [run(90, 11)], [80, 76, 85], [97, 93, 99]),
    ];
    const row = cells(markdownTable(rows), protectedRoute.label);
    expect(row[5]).toBe('80 % (76–85)');
    expect(row[6]).toBe('97 % (93–99)');
    expect(cells(markdownTable(rows), shape.label)[6]).toBe('—');
    const unpaired = [summarize(bare, [run(100, 10)]), summarize(protectedRoute, [run(90, 11)], [80])];
    expect(cells(markdownTable(unpaired), protectedRoute.label)[6]).toBe('n/a');
  });
});
