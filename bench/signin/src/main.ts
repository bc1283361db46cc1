// `pnpm bench:signin`: full sign-ins per second through a Koa app on identity-web against the
// demo IdP, the callback's share, and the ID token's signature check timed alone in the same
// rounds. Options (a short run for development: --quick, or BENCH_QUICK=1):
//   --rounds 15         counted rounds
//   --seconds 4         each round's sign-ins stop after this long…
//   --max 2000          …or after this many sign-ins
//   --concurrency 8     virtual browsers signing in at once
//   --checks 500        signature checks timed in each round
//   --warmup 3          seconds of the uncounted warm-up round
//   --in-process        the app and the provider in this process (no CPU split)
import { parseArgs } from 'node:util';
import { report } from './report.js';
import { type RoundOptions, runRounds } from './rounds.js';
import { startSignInWorld } from './world.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    max: { type: 'string' },
    concurrency: { type: 'string' },
    checks: { type: 'string' },
    warmup: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
  },
});
const short = values.quick || process.env.BENCH_QUICK === '1';
const defaults = short
  ? { rounds: 3, seconds: 1, max: 40, concurrency: 8, checks: 100, warmup: 1 }
  : { rounds: 15, seconds: 4, max: 2000, concurrency: 8, checks: 500, warmup: 3 };
const number = (name: keyof typeof defaults) => {
  const value = values[name] === undefined ? defaults[name] : Number(values[name]);
  if (!(value > 0)) {
    console.error(
      'usage: pnpm bench:signin [--quick] [--rounds 15] [--seconds 4] [--max 2000] [--concurrency 8] [--checks 500] [--warmup 3] [--in-process]',
    );
    process.exit(2);
  }
  return value;
};
const options: RoundOptions = {
  rounds: number('rounds'),
  seconds: number('seconds'),
  maxSignIns: number('max'),
  concurrency: number('concurrency'),
  checks: number('checks'),
  warmupSeconds: number('warmup'),
};

const world = await startSignInWorld({ fork: !values['in-process'] });
try {
  const { rounds } = await runRounds(world, options);
  if (short) console.log('SHORT RUN (smoke numbers, not for quoting)\n');
  console.log(report(rounds, options, world.forked));
} finally {
  await world.stop();
}
