// `pnpm bench:next [--quick]`: a bare Next.js route handler against the same route behind
// identity-web reading a token from the cache, under `next start`, loaded with autocannon from
// this process. Each round runs both, in alternating order; the medians and their ratio at the end.
import { fileURLToPath } from 'node:url';
import { startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { nextApp } from '@identity-web-examples/next-web-app';
import autocannon from 'autocannon';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 5;
const SECONDS = quick ? 2 : 8;
const CONNECTIONS = 10;
const CLIENT = { clientId: 'bench-next', clientSecret: 'bench-next-client-secret-of-32-characters' };

interface Run {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function run(url: string, cookie: string): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, accept: 'application/json' },
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} answers were not 2xx, ${result.errors} errors`);
  }
  return { reqPerSec: result.requests.mean, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const app = nextApp(fileURLToPath(new URL('..', import.meta.url)));
  console.log('Building the benchmark app (next build --webpack) when its sources changed…');
  await app.buildOnce(300_000);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const idp = await startDemoIdp({ clients: [{ ...CLIENT, baseUrl }] });
  const server = await app.start(
    port,
    {
      BENCH_ISSUER: idp.issuer,
      BENCH_CLIENT_ID: CLIENT.clientId,
      BENCH_CLIENT_SECRET: CLIENT.clientSecret,
      BENCH_BASE_URL: baseUrl,
      BENCH_SECRET: 'bench-next-secret-of-at-least-32-characters',
    },
    30_000,
  );
  try {
    // One user signed in; the token route then reads that user's token from the cache.
    const browser = new Browser('alice');
    const signedIn = await browser.navigate(`${baseUrl}/token`);
    if (signedIn.status !== 200) throw new Error(`the sign-in ended with HTTP ${signedIn.status}`);
    const cookie = [...browser.cookies('127.0.0.1')].map(([name, value]) => `${name}=${value}`).join('; ');
    const routes = { bare: `${baseUrl}/bare`, token: `${baseUrl}/token` } as const;
    for (const url of Object.values(routes)) await run(url, cookie); // warm-up: JIT, caches
    const results: Record<keyof typeof routes, Run[]> = { bare: [], token: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['bare', 'token'] as const) : (['token', 'bare'] as const);
      for (const name of order) results[name].push(await run(routes[name], cookie));
      console.log(
        `round ${round + 1}/${ROUNDS}: ${order.map((n) => `${n} ${Math.round(results[n].at(-1)?.reqPerSec ?? 0)} req/s`).join(', ')}`,
      );
    }
    const bare = median(results.bare.map((r) => r.reqPerSec));
    const token = median(results.token.map((r) => r.reqPerSec));
    const row = (name: string, runs: Run[]) => {
      const rps = runs.map((r) => r.reqPerSec);
      return `| ${name} | ${Math.round(median(rps))} | ${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))} | ${median(runs.map((r) => r.p50Ms))} | ${median(runs.map((r) => r.p99Ms))} |`;
    };
    console.log(`
## Next.js benchmark (next start, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route)

| route | req/s (median) | range | p50 ms | p99 ms |
| --- | --- | --- | --- | --- |
${row('bare route handler', results.bare)}
${row('withRequiredAuth + acquireToken (cache hit)', results.token)}

identity-web's route: ${((token / bare) * 100).toFixed(1)} % of the bare route's requests per second.
Node ${process.version}, ${quick ? 'quick mode (smoke, not for quoting)' : 'full mode'}.`);
  } finally {
    await server.stop();
    await idp.close();
  }
}

await main();
