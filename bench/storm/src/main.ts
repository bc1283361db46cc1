// `pnpm bench:storm`: refresh-token grants per access-token lifetime and instance count, against
// oidc-provider rotating refresh tokens on every use. Options:
//   --lifetimes 8,60,300,3600   access-token lifetimes to measure (seconds)
//   --calls 1000                concurrent calls in each storm
//   --soak 60                   then 200 users on 3 instances with 20 s tokens for this many seconds (0: none)
import { parseArgs } from 'node:util';
import { soak } from './soak.js';
import { measureStorm } from './storm.js';
import { startWorld } from './world.js';

const { values } = parseArgs({
  options: {
    lifetimes: { type: 'string', default: '8,60,300,3600' },
    calls: { type: 'string', default: '1000' },
    soak: { type: 'string', default: '60' },
  },
});
const lifetimes = values.lifetimes.split(',').map(Number);
const calls = Number(values.calls);
const soakSeconds = Number(values.soak);
if (
  lifetimes.some((n) => !Number.isInteger(n) || n < 2) ||
  !Number.isInteger(calls) ||
  calls < 1 ||
  !(soakSeconds >= 0)
) {
  console.error('usage: pnpm bench:storm [--lifetimes 8,60,300,3600] [--calls 1000] [--soak 60]');
  process.exit(2);
}

const setups = [
  { label: '1 (memory)', stores: 'memory', instances: 1 },
  { label: '3 processes (Redis)', stores: 'redis', instances: 3 },
] as const;

console.log(`Refresh-token grants at the provider, per phase of one user's token (${calls} calls in the storm):\n`);
console.log(
  '| token lifetime | instances | 5 calls, first half of life | storm after expiry | next call per instance | storm calls served |',
);
console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
for (const lifetimeSeconds of lifetimes) {
  for (const setup of setups) {
    const world = await startWorld({ ...setup, accessTokenTtlSeconds: lifetimeSeconds });
    try {
      const r = await measureStorm(world, { login: 'storm', lifetimeSeconds, calls });
      const served = `${r.served} / ${r.calls}${Object.keys(r.failures).length ? ` ${JSON.stringify(r.failures)}` : ''}`;
      console.log(
        `| ${lifetimeSeconds} s | ${setup.label} | ${r.firstHalf} | ${r.storm} | ${r.afterwards} | ${served} |`,
      );
    } finally {
      await world.stop();
    }
  }
}

if (soakSeconds > 0) {
  const world = await startWorld({ stores: 'redis', instances: 3, accessTokenTtlSeconds: 20 });
  try {
    const r = await soak(world, { users: 200, durationMs: soakSeconds * 1000, workers: 12 });
    console.log(`\nSoak: 3 instances on one Redis, 200 users, 20 s tokens, ${soakSeconds} s of traffic:\n`);
    console.log('| calls | answered 200 | other answers | grants issued | refused | reused | revoked |');
    console.log('| ---: | ---: | --- | ---: | ---: | ---: | ---: |');
    const other = Object.entries(r.outcomes).filter(([k]) => k !== '200');
    const line = [r.calls, r.outcomes['200'] ?? 0, other.length ? JSON.stringify(Object.fromEntries(other)) : 'none'];
    console.log(`| ${[...line, r.grants.issued, r.grants.refused, r.grants.reused, r.grants.revoked].join(' | ')} |`);
  } finally {
    await world.stop();
  }
}
