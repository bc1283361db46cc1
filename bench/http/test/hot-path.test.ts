import { describe, expect, it } from 'vitest';
import { hotPathTable } from '../src/hot-path.js';
import { OptionError, parseHotPathOptions } from '../src/options.js';

describe('bench:hot-path', () => {
  it('measures the Koa, Hono and Express routes in process, each answer checked, and prints a row for each', async () => {
    const table = await hotPathTable({ rounds: 2, requests: 20 });
    const rows = table.split('\n').filter((line) => /^\| (Koa|Hono|Express) \|/.test(line));
    expect(rows.map((row) => row.split('|')[1]!.trim())).toEqual(['Koa', 'Hono', 'Express']);
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(2, -1)
        .map((cell) => cell.trim());
      // Three ns figures, the difference with its range, and a share in %.
      expect(cells.slice(0, 3).every((cell) => /^[\d,]+$/.test(cell))).toBe(true);
      expect(cells[3]).toMatch(/^-?[\d,]+ \(-?[\d,]+ to -?[\d,]+\)$/);
      expect(cells[4]).toMatch(/^\d+\.\d %$/);
    }
  }, 60_000);

  it('takes --rounds and --requests, and refuses what is not a positive integer', () => {
    expect(parseHotPathOptions([])).toEqual({ rounds: 30, requests: 2000 });
    expect(parseHotPathOptions(['-r', '5', '--requests', '100'])).toEqual({ rounds: 5, requests: 100 });
    expect(parseHotPathOptions(['--help'])).toBe('help');
    expect(() => parseHotPathOptions(['--rounds', '0'])).toThrow(/--rounds must be an integer/);
    expect(() => parseHotPathOptions(['--nope'])).toThrow(OptionError);
  });
});
