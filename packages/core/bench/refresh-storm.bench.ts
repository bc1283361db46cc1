/**
 * A refresh storm: every cached token of many signed-in accounts expires at once while each
 * account has many requests in flight. Prints how many refreshes reached the IdP (one per
 * account is the rule: concurrent misses of one account share one refresh) and the latency the
 * requests saw; run with `pnpm --filter @identity-web/core bench:storm`. The fake IdP answers
 * each refresh after `REFRESH_DELAY_MS`, as a real token endpoint would after a round trip.
 */
import { API, benchWorld } from './support.js';

const REFRESH_DELAY_MS = 20;
const REQUESTS_PER_ACCOUNT = 50;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function storm(accounts: number) {
  const { clock, idp, identity, signIn } = benchWorld(accounts);
  idp.refreshDelayMs = REFRESH_DELAY_MS;
  const signedIn = await signIn(accounts);
  clock.advance(2 * 3600_000); // every access token is now expired
  const before = idp.calls.refresh;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    signedIn.flatMap((account) =>
      Array.from({ length: REQUESTS_PER_ACCOUNT }, async () => {
        const t = performance.now();
        await identity.acquireToken(account, { scopes: [API] });
        latencies.push(performance.now() - t);
      }),
    ),
  );
  const wallMs = performance.now() - started;
  const refreshes = idp.calls.refresh - before;
  // The same burst again: every request is now a hit.
  const again = idp.calls.refresh;
  await Promise.all(
    signedIn.flatMap((a) =>
      Array.from({ length: REQUESTS_PER_ACCOUNT }, () => identity.acquireToken(a, { scopes: [API] })),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: accounts * REQUESTS_PER_ACCOUNT,
    refreshes,
    afterwards: idp.calls.refresh - again,
    wallMs,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

console.log(
  `Refresh storm: ${REQUESTS_PER_ACCOUNT} concurrent requests per account, all tokens expired, ` +
    `IdP refresh takes ${REFRESH_DELAY_MS} ms; Node ${process.version}`,
);
console.log('| accounts | requests | IdP refreshes | refreshes on the next burst | wall ms | p50 ms | p99 ms |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
let failed = false;
for (const accounts of [100, 1_000, 5_000]) {
  const r = await storm(accounts);
  console.log(
    `| ${accounts.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.refreshes} | ${r.afterwards} | ${r.wallMs.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
  );
  if (r.refreshes !== accounts || r.afterwards !== 0) failed = true;
}
if (failed) {
  console.error('FAILED: a storm must cost exactly one IdP refresh per account, and the next burst none');
  process.exitCode = 1;
}
