// `pnpm bench:edge`: the Worker example's cold start in workerd next to a bare Hono Worker's.
// Options (a short run for development: --quick, or BENCH_QUICK=1):
//   --rounds 15    counted rounds (each: a fresh Miniflare per Worker)
//   --warm 5       warm requests after each first one
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { edgeReport } from './report.js';
import { runEdgeRounds } from './rounds.js';
import { bundle } from './workers.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    warm: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const short = values.quick || process.env.BENCH_QUICK === '1';
const rounds = Number(values.rounds ?? (short ? 3 : 15));
const warmRequests = Number(values.warm ?? (short ? 3 : 5));
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(warmRequests) || warmRequests < 1) {
  console.error('usage: pnpm bench:edge [--quick] [--rounds 15] [--warm 5]');
  process.exit(2);
}

const { version } = createRequire(import.meta.url)('miniflare/package.json') as { version: string };
const identityWeb = await bundle('identity-web');
const bare = await bundle('bare Hono');
const results = await runEdgeRounds(identityWeb, bare, { rounds, warmRequests, warmup: true });
if (short) console.log('SHORT RUN (smoke numbers, not for quoting)\n');
console.log(edgeReport(results, { identityWeb, bare }, { rounds, warmRequests }, version));
