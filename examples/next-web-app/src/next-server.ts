// The example as it runs in production: `next build` (once for the sources as they are), then
// `next start` in a process of its own, configured by environment variables only. For the demo
// and the tests; `pnpm build` and `pnpm start` do the same by hand.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** This example's folder. */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = resolve(APP_DIR, '../..');
const NEXT_BIN = createRequire(join(APP_DIR, 'package.json')).resolve('next/dist/bin/next');
/** `pnpm build` of the workspace's packages when some `dist/` is older than its sources. */
const BUILD_PACKAGES = join(ROOT, 'scripts/lib/build-if-stale.mjs');

/**
 * What a build is made of besides the app's own files: the packages' sources (`next build` takes
 * the packages as an app on the published ones does, from their `dist/`, built from these first)
 * and the example kit's sources.
 */
const LIBRARY_INPUTS = [
  join(ROOT, 'packages/core/src'),
  join(ROOT, 'packages/adapter-next/src'),
  join(ROOT, 'packages/idp-oidc/src'),
  join(ROOT, 'packages/idp-msal/src'),
  join(ROOT, 'packages/store-redis/src'),
  join(ROOT, 'packages/store-postgres/src'),
  join(ROOT, 'examples/web-app-kit/src'),
];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Not inputs: what builds and type checks write (next-env.d.ts, *.tsbuildinfo), and the tests.
    if (['node_modules', '.next', 'test', 'src', 'next-env.d.ts'].includes(entry.name)) continue;
    if (entry.name.endsWith('.tsbuildinfo')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** A digest of every input's path, size and modification time. */
function sourcesDigest(appDir: string): string {
  const hash = createHash('sha256');
  for (const dir of [appDir, ...LIBRARY_INPUTS]) {
    for (const path of files(dir)) {
      const { size, mtimeMs } = statSync(path);
      hash.update(`${path}\0${size}\0${mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

/** A Next.js app of this workspace: its build (once for its sources as they are) and its `next start`. */
export interface NextApp {
  /**
   * The packages' `pnpm build` when their `dist/` is older than their sources, then `next build`
   * (Turbopack, Next.js's default), unless `.next` holds the build of these very sources (the
   * suite runs on three Node versions in CI; one build serves them). At most `timeoutMs`.
   */
  buildOnce(timeoutMs: number): Promise<void>;
  /** `next start` on 127.0.0.1:port with `env`, ready when it says so (at most `timeoutMs`). */
  start(port: number, env: Record<string, string>, timeoutMs: number): Promise<NextServer>;
}

/** The Next.js app in `appDir` (this example's, or the benchmark's). */
export function nextApp(appDir: string): NextApp {
  const stamp = join(appDir, '.next', 'identity-web-sources.sha256');
  const isBuilt = (digest: string) => existsSync(stamp) && readFileSync(stamp, 'utf8') === digest;
  let built: Promise<void> | undefined;
  return {
    buildOnce(timeoutMs) {
      built ??= (async () => {
        const digest = sourcesDigest(appDir);
        if (isBuilt(digest)) return;
        // One build at a time across processes (two test files, or the demo and a test, may ask at once).
        const unlock = await lock(join(appDir, '.next-build-lock'), timeoutMs);
        try {
          if (isBuilt(digest)) return;
          await run(appDir, [BUILD_PACKAGES], timeoutMs, "the packages' build");
          await run(appDir, [NEXT_BIN, 'build'], timeoutMs, 'next build');
          writeFileSync(stamp, digest);
        } finally {
          unlock();
        }
      })();
      built.catch(() => {
        built = undefined; // a failed build is tried again by the next caller
      });
      return built;
    },
    start: (port, env, timeoutMs) => startNext(appDir, port, env, timeoutMs),
  };
}

/**
 * A lock directory (mkdir is atomic). One left by a process that died is taken over after
 * `timeoutMs`; waiting polls every 250 ms, and gives up after `timeoutMs` too.
 */
async function lock(dir: string, timeoutMs: number): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - statSync(dir).mtimeMs;
      if (age > timeoutMs) rmSync(dir, { recursive: true, force: true });
      else if (Date.now() - started > timeoutMs) throw new Error(`next build: another build held ${dir} too long`);
      else await sleep(250);
    }
  }
}

function run(appDir: string, args: string[], timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: appDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/** A `next start` of the example. */
export interface NextServer {
  readonly url: string;
  /** What the server printed (its log lines, identity-web's included). */
  output(): string;
  stop(): Promise<void>;
}

function startNext(appDir: string, port: number, env: Record<string, string>, timeoutMs: number): Promise<NextServer> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const server: NextServer = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    },
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void server.stop();
      reject(new Error(`next start: not ready within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in/.test(output)) {
        clearTimeout(timer);
        resolvePromise(server);
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`next start exited (code ${code}):\n${output}`));
    });
  });
}
