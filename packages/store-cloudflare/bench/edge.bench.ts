// What the edge costs: the Worker's bundle (minified, gzip, the share of tsyringe and tslib)
// and, inside workerd, a token hit from the isolate's memory against one through its Durable
// Object. Prints medians; asserts nothing. Run: npx -y pnpm@10.34.8 --filter @identity-web/cloudflare bench
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { Miniflare } from 'miniflare';
import { startFakeOpenIdProvider } from '../../adapter-hono/test/workerd/fake-openid-provider.js';
import { TestBrowser } from '../../core/src/testing/browser.js';
import { bundleWorker } from '../test/workerd/bundle.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const APP_URL = 'http://localhost:3000';
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Minified bytes per package: a path's last `node_modules/<name>`, else its workspace folder. */
function byPackage(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dependency = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const name =
        dependency ?? (path.startsWith('src/') ? 'store-cloudflare' : (/^\.\.\/([^/]+)\//.exec(path)?.[1] ?? path));
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}

async function bundleReport(): Promise<void> {
  const { code, metafile } = await bundleWorker(here('../../../examples/cloudflare-worker/src/worker.ts'), {
    minify: true,
  });
  const total = Buffer.byteLength(code);
  const sizes = byPackage(metafile);
  const di = ['tsyringe', 'tslib'].reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0);
  // The core's one module that loads them, bundled on its own, for their gzip size apart.
  const alone = await bundleWorker(here('../../core/src/config/di.ts'), { minify: true });
  console.log(`worker bundle (the Worker example): ${kib(total)} minified, ${kib(gzipSync(code).length)} gzip`);
  console.log(
    `  tsyringe (+ tslib): ${kib(di)} minified = ${((100 * di) / total).toFixed(1)}%; ` +
      `${kib(gzipSync(alone.code).length)} gzip when bundled alone`,
  );
  for (const [name, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(28)} ${kib(bytes)}`);
}

async function timingReport(): Promise<void> {
  const client = { clientId: 'bench', clientSecret: 'bench-secret', redirectUri: `${APP_URL}/auth/callback` };
  const op = await startFakeOpenIdProvider(client);
  const { code } = await bundleWorker(here('../test/workerd/app.worker.ts'));
  const mf = new Miniflare({
    modules: true,
    script: code,
    compatibilityDate: '2026-04-01',
    bindings: {
      APP_URL,
      APP_SECRET: 'a-bench-secret-that-is-long-enough-0123456789',
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
    },
    durableObjects: { IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', useSQLite: true } },
  });
  try {
    const send = (path: string, init?: RequestInit) =>
      mf.dispatchFetch(`${APP_URL}${path}`, init as never) as unknown as Promise<Response>;
    const browser = new TestBrowser(send);
    const start = await browser.fetch('/auth/sign-in?returnTo=%2F');
    const login = await fetch(new URL(start.headers.get('location')!), { redirect: 'manual' });
    const callback = new URL(login.headers.get('location')!);
    await browser.fetch(`${callback.pathname}${callback.search}`);
    if ((await browser.fetch('/call-api', { accept: 'json' })).status !== 200) throw new Error('sign-in failed');

    const timed = async (b: TestBrowser, path: string) => {
      const t0 = performance.now();
      const response = await b.fetch(path, { accept: 'json' });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return performance.now() - t0;
    };
    // Per operation: a request doing n of them minus one doing none, so the request's own cost cancels.
    const perOp = async (what: string, n: number, rounds = 15) => {
      for (let i = 0; i < 3; i++) await timed(browser, `/test/bench/${what}?n=${n}`);
      const samples: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const base = await timed(browser, `/test/bench/${what}?n=0`);
        samples.push(((await timed(browser, `/test/bench/${what}?n=${n}`)) - base) / n);
      }
      return median(samples) * 1000;
    };
    // Whole requests, interleaved so that load from elsewhere on the machine hits each alike.
    const perRequest = async (cases: [TestBrowser, string][], rounds = 300) => {
      const samples = cases.map(() => [] as number[]);
      for (let i = 0; i < rounds + 20; i++) {
        for (const [k, [b, path]] of cases.entries()) {
          const ms = await timed(b, path);
          if (i >= 20) samples[k]!.push(ms);
        }
      }
      return samples.map((xs) => median(xs) * 1000);
    };

    console.log('\ninside workerd (Miniflare, local objects, 2 shared cores), medians in µs per operation:');
    console.log(
      `  token hit from the isolate's memory (acquireToken)      ${(await perOp('memory', 2000)).toFixed(1)}`,
    );
    console.log(`  partition read through its object + decryption          ${(await perOp('object', 200)).toFixed(1)}`);
    console.log(`  partition read through its object (RPC only)            ${(await perOp('rpc', 200)).toFixed(1)}`);
    const [anonymous = 0, signedIn = 0, withToken = 0] = await perRequest([
      [new TestBrowser(send), '/test/isolate'],
      [browser, '/test/isolate'],
      [browser, '/call-api'],
    ]);
    console.log('whole requests through Miniflare (includes its Node <-> workerd hop), medians in µs:');
    console.log(`  anonymous request                                       ${anonymous.toFixed(0)}`);
    console.log(`  signed-in request (session read from its object)        ${signedIn.toFixed(0)}`);
    console.log(`  signed-in request + token hit from memory               ${withToken.toFixed(0)}`);
  } finally {
    await mf.dispose();
    await op.close();
  }
}

await bundleReport();
await timingReport();
