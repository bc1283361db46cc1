// The packaging test's Next.js apps: a fresh app on the packed packages, as a user writes it from
// docs/next.md, on each supported Next.js major with that major's own defaults (no next.config,
// no tsconfig: Next.js writes the one it wants; Turbopack on 16, webpack on 15).
//
//   cd examples/demo-idp && TSX_TSCONFIG_PATH=../tsconfig.run.json \
//     node --import tsx ../../scripts/packaging-test/next-apps.ts <tarballs> <scratch>
//
// For each app: client components that import @identity-web/next and @identity-web/core fail
// `next build` with each package's message; the app builds with plain `next build`; under
// `next start` a browser signs in at the demo IdP (oidc-provider), a server component calls an
// API with a token from the cache (and the app's own route handler behind protectApi lets the
// token through, and refuses a request without one; an API that answers 401 is retried once
// and its answer reaches the page), and the browser signs out, after which the page sends it to
// sign in again; on 15, the same middleware on the edge runtime is refused, naming the fix;
// `next dev` answers the sign-in route with its redirect. One line per check; exits 1 if any failed.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { type DemoIdp, startDemoIdp } from '../../examples/demo-idp/src/index.ts';
import { Browser, freePort } from '../../examples/example-support/src/index.ts';

const TEMPLATE = fileURLToPath(new URL('./next-app', import.meta.url));
const [tarballs, scratch] = process.argv.slice(2);
if (tarballs === undefined || scratch === undefined) throw new Error('usage: next-apps.ts <tarballs> <scratch>');
const workspace = JSON.parse(
  readFileSync(new URL('../../packages/adapter-next/package.json', import.meta.url), 'utf8'),
);

/** A Next.js major as an app on it is written: its version, and the file its guard goes in. */
interface Variant {
  readonly name: string;
  readonly next: string;
  /** `proxy.ts` on 16, `middleware.ts` on 15 on its Node.js runtime. */
  readonly guard: { readonly file: string; readonly source: string };
  /** The guard on the edge runtime (15's default for middleware), which every part refuses, saying so. */
  readonly edgeGuard?: string;
}

const MATCHER = `export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico|auth/).*)'] };`;
const VARIANTS: readonly Variant[] = [
  {
    name: 'Next.js 16',
    next: workspace.devDependencies.next,
    guard: {
      file: 'proxy.ts',
      source: `import { identityProxy } from './lib/identity';\n\nexport const proxy = identityProxy({ protect: ['/orders'] });\n${MATCHER}\n`,
    },
  },
  {
    name: 'Next.js 15',
    next: '15.5.29',
    guard: {
      file: 'middleware.ts',
      source: `import { identityProxy } from './lib/identity';\n\nexport const middleware = identityProxy({ protect: ['/orders'] });\nexport const config = { runtime: 'nodejs', matcher: ['/((?!_next/static|_next/image|favicon.ico|auth/).*)'] };\n`,
    },
    edgeGuard: `import { identityProxy } from './lib/identity';\n\nexport const middleware = identityProxy({ protect: ['/orders'] });\n${MATCHER}\n`,
  },
];

const results: { name: string; passed: boolean }[] = [];
async function check(name: string, body: () => Promise<void>): Promise<boolean> {
  const started = Date.now();
  try {
    await body();
    results.push({ name, passed: true });
    console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    results.push({ name, passed: false });
    console.log(`✗ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${(error as Error).message}`);
    return false;
  }
}

/** Runs a command to its end (at most `timeoutMs`); rejects with its output when it fails. */
function run(cwd: string, command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          Object.assign(new Error(`${command} ${args.join(' ')}: ${signal ?? `exit ${code}`}\n${tail(output)}`), {
            output,
          }),
        );
    });
  });
}

const tail = (text: string) => stripVTControlCharacters(text).slice(-3000);

/** `next start` or `next dev` in a process group of its own, ready when it says so. */
async function serve(cwd: string, mode: 'start' | 'dev', port: number, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [nextBin(cwd), mode, '-p', String(port), '-H', '127.0.0.1'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NEXT_TELEMETRY_DISABLED: '1', ...env },
    detached: true,
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next ${mode}: not ready in 60 s\n${tail(output)}`)), 60_000);
    const listen = (chunk: Buffer) => {
      output += chunk;
      if (/Ready in/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`next ${mode} exited (${code})\n${tail(output)}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url: `http://localhost:${port}`, output: () => output, stop };
}

const nextBin = (cwd: string) => join(cwd, 'node_modules', 'next', 'dist', 'bin', 'next');

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The API the app calls: answers a call that carries a token, and counts them. */
async function startApi() {
  let calls = 0;
  const server = createServer((req, res) => {
    const bearer = /^Bearer .+/.test(req.headers.authorization ?? '');
    if (bearer) calls++;
    res.writeHead(bearer ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ calls }));
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${port}/orders`, calls: () => calls, close: () => server.close() };
}

async function testVariant(variant: Variant, idp: DemoIdp, api: Awaited<ReturnType<typeof startApi>>, port: number) {
  const dir = join(scratch, `next-${variant.next}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(TEMPLATE, dir, { recursive: true, filter: (path) => !path.includes('client-component') });
  writeFileSync(join(dir, variant.guard.file), variant.guard.source);
  const tarball = (name: string) => `file:${join(tarballs, `identity-web-${name}-${workspace.version}.tgz`)}`;
  const manifest = {
    name: `identity-web-next-${variant.next}`,
    private: true,
    dependencies: {
      '@identity-web/core': tarball('core'),
      '@identity-web/next': tarball('next'),
      '@identity-web/oidc': tarball('oidc'),
      next: variant.next,
      react: workspace.devDependencies.react,
      'react-dom': workspace.devDependencies['react-dom'],
    },
    devDependencies: { typescript: '5.9.3', '@types/react': '^19', '@types/node': '^20.19.0' },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const installed = await check(`${variant.name}: npm install of the tarballs and next@${variant.next}`, async () => {
    await run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], 300_000);
  });
  if (!installed) return;

  await check(
    `${variant.name}: next build refuses @identity-web/next and /core in a client component, saying so`,
    async () => {
      const page = join(dir, 'app', 'client-component');
      cpSync(join(TEMPLATE, 'client-component'), page, { recursive: true });
      try {
        const built = await run(dir, process.execPath, [nextBin(dir), 'build'], 300_000).then(
          () => undefined,
          (error: { output?: string }) => error.output ?? '',
        );
        assert(built !== undefined, 'next build passed with client components importing identity-web');
        for (const name of ['@identity-web/next', '@identity-web/core']) {
          assert(
            built.includes(`${name} runs on the server only`),
            `next build failed without ${name}'s message:\n${tail(built)}`,
          );
        }
      } finally {
        rmSync(page, { recursive: true, force: true });
        rmSync(join(dir, '.next'), { recursive: true, force: true });
      }
    },
  );

  const built = await check(`${variant.name}: next build (its default bundler)`, async () => {
    await run(dir, process.execPath, [nextBin(dir), 'build'], 300_000);
  });
  // localhost, not 127.0.0.1: Next.js 15 turns a middleware redirect to a loopback address into
  // one to localhost (docs/next.md), and a browser keeps the sign-in cookie per host.
  const baseUrl = `http://localhost:${port}`;
  const env = {
    ISSUER: idp.issuer,
    CLIENT_ID: `next-${port}`,
    CLIENT_SECRET: `next-app-secret-${port}-of-at-least-32-characters`,
    BASE_URL: baseUrl,
    IDENTITY_WEB_SECRET: 'a-packaging-test-secret-of-32-characters-at-least',
    API_URL: api.url,
    API_SCOPE: idp.api.scopes[0] ?? '',
    // The app's own API (app/api/orders/route.ts): the provider's tokens for its API are for it.
    API_SELF_URL: `http://127.0.0.1:${port}`,
    API_AUDIENCE: idp.api.resource,
  };
  if (built) {
    await check(`${variant.name}: next start signs in, calls the API from a server component, signs out`, async () => {
      const app = await serve(dir, 'start', port, { ...env, NODE_ENV: 'production' });
      try {
        const browser = new Browser('alice');
        const calls = api.calls();
        const orders = await browser.navigate(`${app.url}/orders`);
        assert(
          orders.status === 200 && orders.url.pathname === '/orders',
          `/orders: ${orders.status} at ${orders.url}`,
        );
        assert(
          /<pre>{&quot;status&quot;:200/.test(orders.html),
          `the page shows no API answer: ${orders.html.slice(0, 500)}`,
        );
        assert(api.calls() === calls + 1, 'the API was not called with a token');
        // The app's own API let the user's token through to its route, which named the user and this app.
        const self = new RegExp(
          `&quot;self&quot;:{&quot;status&quot;:200,&quot;body&quot;:{&quot;for&quot;:&quot;[^&]+&quot;,&quot;app&quot;:&quot;${env.CLIENT_ID}&quot;}`,
        );
        assert(self.test(orders.html), `protectApi did not let the user's token through: ${orders.html.slice(0, 800)}`);
        // An API's 401, retried once with a fresh token (its second answer: hits 2), reached the page, which rendered.
        const refused =
          /&quot;refused&quot;:{&quot;status&quot;:401,&quot;body&quot;:{&quot;error&quot;:&quot;invalid_token&quot;,&quot;hits&quot;:2}/;
        assert(refused.test(orders.html), `no retried refusal on the page: ${orders.html.slice(0, 800)}`);
        const bare = await fetch(`${app.url}/api/orders`);
        await bare.arrayBuffer();
        assert(
          bare.status === 401 && /^Bearer/.test(bare.headers.get('www-authenticate') ?? ''),
          `/api/orders without a token answered ${bare.status} (${bare.headers.get('www-authenticate')})`,
        );
        const home = await browser.navigate(`${app.url}/`);
        assert(home.html.includes('Hello'), 'the home page shows no signed-in user');
        // The home page's form, as a browser submits it (React writes its `action` first).
        const csrf = /name="csrf" value="([^"]+)"/.exec(home.html)?.[1];
        assert(csrf !== undefined, `no sign-out form on the home page: ${home.html.slice(0, 1500)}`);
        const signOut = await browser.request(new URL('/auth/sign-out', app.url), {
          form: new URLSearchParams({ csrf }),
        });
        const endSession = signOut.headers.get('location');
        assert(signOut.status === 303 && endSession !== null, `sign-out answered ${signOut.status}`);
        await browser.navigate(new URL(endSession, app.url));
        const after = await browser.request(new URL(`${app.url}/orders`));
        assert(
          after.status === 307 || after.status === 302,
          `/orders after sign-out answered ${after.status}, not a redirect`,
        );
        assert(
          after.headers.get('location')?.includes('/auth/sign-in'),
          'after sign-out, /orders does not send to sign-in',
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\nnext start printed:\n${tail(app.output())}`);
      } finally {
        await app.stop();
      }
    });
  }
  const { edgeGuard } = variant;
  if (built && edgeGuard !== undefined) {
    await check(`${variant.name}: middleware on the edge runtime is refused, naming runtime: 'nodejs'`, async () => {
      writeFileSync(join(dir, variant.guard.file), edgeGuard);
      try {
        await run(dir, process.execPath, [nextBin(dir), 'build'], 300_000);
        const app = await serve(dir, 'start', port, { ...env, NODE_ENV: 'production' });
        try {
          const answer = await fetch(`${app.url}/orders`, { redirect: 'manual', headers: { accept: 'text/html' } });
          await answer.arrayBuffer();
          assert(answer.status === 500, `/orders answered ${answer.status} on the edge runtime`);
          assert(
            app.output().includes("add runtime: 'nodejs' to its config"),
            `the log does not name the fix:\n${tail(app.output())}`,
          );
        } finally {
          await app.stop();
        }
      } finally {
        writeFileSync(join(dir, variant.guard.file), variant.guard.source);
      }
    });
  }
  await check(`${variant.name}: next dev answers /auth/sign-in with its redirect`, async () => {
    rmSync(join(dir, '.next'), { recursive: true, force: true });
    const app = await serve(dir, 'dev', port, env);
    try {
      const answer = await fetch(`${app.url}/auth/sign-in?returnTo=%2F`, { redirect: 'manual' });
      const location = answer.headers.get('location') ?? '';
      assert(
        answer.status === 302 && location.startsWith(idp.issuer),
        `GET /auth/sign-in answered ${answer.status} (${location})\n${tail(app.output())}`,
      );
    } finally {
      await app.stop();
    }
  });
}

mkdirSync(scratch, { recursive: true });
const ports = await Promise.all(VARIANTS.map(() => freePort()));
const idp = await startDemoIdp({
  port: 0,
  clients: ports.map((port) => ({
    clientId: `next-${port}`,
    clientSecret: `next-app-secret-${port}-of-at-least-32-characters`,
    baseUrl: `http://localhost:${port}`,
  })),
});
const api = await startApi();
try {
  for (const [i, variant] of VARIANTS.entries()) await testVariant(variant, idp, api, ports[i] ?? 0);
} finally {
  api.close();
  await idp.close();
}
const failed = results.filter((r) => !r.passed).length;
console.log(`next apps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
