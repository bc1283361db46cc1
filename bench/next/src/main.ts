// `pnpm bench:next [--quick]`: the price of a signed-in request in a Next.js app under
// `next start` (Turbopack, Next.js's default), loaded with autocannon from this process. A route
// handler and a server-component page, each bare, reading the session (`withAuth`, `auth()`),
// behind `proxy.ts` alone, behind the proxy and reading the session, and guarded with a token
// from the cache (`withRequiredAuth`, `requireAuth()` + `acquireToken`). Each
// round runs every target, in an order that rotates; the medians and each one's share of its bare
// twin at the end.
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

/** What is measured: a path, what a client asks it for, and the bare target it is compared with. */
interface Target {
  readonly label: string;
  readonly path: string;
  readonly accept: string;
  readonly bare: 'route' | 'page';
}

const TARGETS = {
  route: { label: 'route handler, bare', path: '/bare', accept: 'application/json', bare: 'route' },
  routeAuth: {
    label: 'route handler, withAuth (session read)',
    path: '/auth-route',
    accept: 'application/json',
    bare: 'route',
  },
  routeToken: {
    label: 'route handler, withRequiredAuth + acquireToken (cached)',
    path: '/token',
    accept: 'application/json',
    bare: 'route',
  },
  routeNextProxy: {
    label: 'route handler, a proxy.ts that only goes on',
    path: '/proxied/bare',
    accept: 'application/json',
    bare: 'route',
  },
  routeProxy: {
    label: 'route handler, identityProxy only',
    path: '/guarded/bare',
    accept: 'application/json',
    bare: 'route',
  },
  routeProxyAuth: {
    label: 'route handler, identityProxy + withAuth',
    path: '/guarded/auth-route',
    accept: 'application/json',
    bare: 'route',
  },
  page: { label: 'page, bare', path: '/page/bare', accept: 'text/html', bare: 'page' },
  pageNextProxy: {
    label: 'page, a proxy.ts that only goes on',
    path: '/proxied/page/bare',
    accept: 'text/html',
    bare: 'page',
  },
  pageProxy: { label: 'page, identityProxy only', path: '/guarded/page/bare', accept: 'text/html', bare: 'page' },
  pageProxyAuth: {
    label: 'page, identityProxy + auth()',
    path: '/guarded/page/auth',
    accept: 'text/html',
    bare: 'page',
  },
  pageAuth: { label: 'page, auth()', path: '/page/auth', accept: 'text/html', bare: 'page' },
  pageToken: {
    label: 'page, requireAuth() + acquireToken (cached)',
    path: '/page/token',
    accept: 'text/html',
    bare: 'page',
  },
} as const satisfies Record<string, Target>;
type TargetName = keyof typeof TARGETS;
const NAMES = Object.keys(TARGETS) as TargetName[];

async function run(url: string, cookie: string, accept: string): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie, accept },
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
  console.log('Building the packages and the benchmark app (next build) when their sources changed…');
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
    const url = (name: TargetName) => `${baseUrl}${TARGETS[name].path}`;
    for (const name of NAMES) await run(url(name), cookie, TARGETS[name].accept); // warm-up: JIT, caches
    const results = Object.fromEntries(NAMES.map((name) => [name, [] as Run[]])) as Record<TargetName, Run[]>;
    for (let round = 0; round < ROUNDS; round++) {
      const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length] as TargetName);
      for (const name of order) results[name].push(await run(url(name), cookie, TARGETS[name].accept));
      console.log(
        `round ${round + 1}/${ROUNDS}: ${order.map((n) => `${n} ${Math.round(results[n].at(-1)?.reqPerSec ?? 0)}`).join(', ')} req/s`,
      );
    }
    const rps = (name: TargetName) => median(results[name].map((r) => r.reqPerSec));
    const row = (name: TargetName) => {
      const runs = results[name];
      const all = runs.map((r) => r.reqPerSec);
      const share = `${((rps(name) / rps(TARGETS[name].bare)) * 100).toFixed(1)} %`;
      return `| ${TARGETS[name].label} | ${Math.round(rps(name))} | ${Math.round(Math.min(...all))}–${Math.round(Math.max(...all))} | ${share} | ${median(runs.map((r) => r.p50Ms))} | ${median(runs.map((r) => r.p99Ms))} |`;
    };
    console.log(`
## Next.js benchmark (next start, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per target)

| target | req/s (median) | range | of its bare twin | p50 ms | p99 ms |
| --- | --- | --- | --- | --- | --- |
${NAMES.map(row).join('\n')}

Node ${process.version}, ${quick ? 'quick mode (smoke, not for quoting)' : 'full mode'}.`);
  } finally {
    await server.stop();
    await idp.close();
  }
}

await main();
