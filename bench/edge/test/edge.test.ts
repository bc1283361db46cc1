// The edge benchmark's harness, one round without warm-up: both Workers start in workerd and
// answer 2xx/3xx; every Miniflare is disposed (coldStart's finally). No timing assertions.
import { describe, expect, it } from 'vitest';
import { edgeReport } from '../src/report.js';
import { runEdgeRounds } from '../src/rounds.js';
import { bundle } from '../src/workers.js';

describe('the edge cold-start benchmark', () => {
  it('starts both Workers once and gets an answer from each', async () => {
    const identityWeb = await bundle('identity-web');
    const bare = await bundle('bare Hono');
    expect(identityWeb.gzipBytes).toBeLessThan(identityWeb.bytes);
    const rounds = await runEdgeRounds(identityWeb, bare, { rounds: 1, warmRequests: 1, warmup: false });
    expect(rounds).toHaveLength(1);
    for (const start of [rounds[0]?.identityWeb, rounds[0]?.bare]) {
      expect(start?.statuses).toHaveLength(2);
      for (const status of start?.statuses ?? []) expect(status >= 200 && status < 400).toBe(true);
    }
    const report = edgeReport(rounds, { identityWeb, bare }, { rounds: 1, warmRequests: 1 }, 'test');
    expect(report).toContain('4 answers, all 2xx/3xx');
  }, 60_000);
});
