// The packaging test: what an app gets from npm, checked from the outside.
//
//   node scripts/packaging-test/run.mjs [--keep]      (also `pnpm test:packaging`)
//
// 1. `pnpm pack` every package (pnpm rewrites `workspace:` ranges to real versions).
// 2. A scratch consumer project in a temp folder `npm install`s the tarballs, and their real
//    dependencies and peers from the registry: nothing of the workspace leaks in.
// 3. On each Node version (PACKAGING_NODE_VERSIONS, default: this Node, 20.19.0 (the `engines`
//    floor), 22 and 24, the others through `npx -y node@N`), the consumer loads every package with
//    `import` and with `require()`, signs in through Koa and Hono, runs a store contract suite of
//    the packed testing entry under vitest, and runs the two-copies check (@identity-web/next
//    aside: Next.js's bundlers load it, step 5).
// 4. tsc type-checks consumer files under `moduleResolution` node16, bundler and nodenext (a
//    CommonJS file), and a Worker against @cloudflare/workers-types; esbuild bundles the packages
//    with a Worker's, Next.js's edge runtime's and a browser's export conditions.
// 5. Next.js 16 and 15 apps on the tarballs, on this Node: next-apps.ts.
// Ends with "packaging: N passed, N failed". --keep leaves the scratch folder for a look.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, listPackages, packAll, root } from '../lib/workspace.mjs';
import { consumerManifest, secondCopyManifest } from './manifests.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const keep = process.argv.includes('--keep');
const nodeVersions = (process.env.PACKAGING_NODE_VERSIONS ?? `${process.versions.node},20.19.0,22,24`).split(',');
const results = [];

/**
 * Runs one check (again while `again(run, retry)` says so); its output shows only when it fails
 * (or always with --keep, or `show`). `env` adds to this process's environment.
 */
function check(name, command, args, cwd, again = () => false, { env = {}, show = false } = {}) {
  const started = Date.now();
  const once = () =>
    spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  let run = once();
  for (let retry = 1; run.status !== 0 && again(run, retry); retry++) run = once();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = run.status === 0;
  results.push({ name, passed });
  console.log(`${passed ? '✓' : '✗'} ${name} (${seconds} s)`);
  if (!passed || keep || show) console.log(`${run.stdout ?? ''}${run.stderr ?? ''}${run.error ?? ''}`.trim());
  return passed;
}

// A registry can publish a package before the new version of a dependency it names is served
// (seen here: tldts 7.5.5 asking for tldts-core ^7.5.5 for a few minutes). npm then says ETARGET;
// that, and only that, is tried again after a pause. Any other failure fails at once.
const REGISTRY_LAG_RETRIES = 3;
const REGISTRY_LAG_PAUSE_MS = 60_000;

function npmInstall(folder, manifest) {
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'];
  const registryLag = (run, retry) => {
    if (retry > REGISTRY_LAG_RETRIES || !`${run.stderr}`.includes('ETARGET')) return false;
    console.log(`npm install in ${folder}: a version the registry names is not served yet (ETARGET); again in 60 s`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, REGISTRY_LAG_PAUSE_MS); // a synchronous pause
    return true;
  };
  if (!check(`npm install in ${folder}`, 'npm', args, folder, registryLag)) throw new Error('npm install failed');
}

/** The command that runs Node `version`: this process's own Node when it is that version. */
function nodeCommand(version) {
  if (version === process.versions.node) return { command: process.execPath, prefix: [] };
  return { command: 'npx', prefix: ['-y', `node@${version}`] };
}

buildIfStale('test:packaging');
const scratch = mkdtempSync(join(tmpdir(), 'identity-web-packaging-'));
try {
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const packs = packAll(tarballs);
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const workspaceManifests = [rootManifest, ...listPackages().map((p) => p.manifest)];

  const consumer = join(scratch, 'consumer');
  cpSync(join(here, 'consumer'), consumer, { recursive: true });
  npmInstall(consumer, consumerManifest(packs, workspaceManifests));
  const secondCopy = join(scratch, 'second-copy');
  mkdirSync(secondCopy);
  npmInstall(secondCopy, secondCopyManifest(packs));

  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const config of ['node16', 'bundler', 'cjs', 'worker']) {
    check(`tsc -p tsconfig.${config}.json`, process.execPath, [tsc, '-p', `tsconfig.${config}.json`], consumer);
  }

  check(
    'esbuild: the export conditions of a Worker, the edge and a browser',
    process.execPath,
    ['bundle-conditions.mjs'],
    consumer,
  );

  const vitest = join(consumer, 'node_modules', 'vitest', 'vitest.mjs');
  for (const version of nodeVersions) {
    const { command, prefix } = nodeCommand(version);
    const node = (name, ...args) => check(`Node ${version}: ${name}`, command, [...prefix, ...args], consumer);
    node('import (ESM)', '--import', './workers-runtime.mjs', 'esm.mjs');
    node('require() (CommonJS)', 'cjs.cjs');
    node('two copies of the core', 'two-copies.mjs', secondCopy);
    node('store contracts of @identity-web/core/testing under vitest', vitest, 'run', 'contracts.test.mjs');
    node(
      '@identity-web/next under vitest, as docs/next.md sets it up',
      vitest,
      'run',
      '--config',
      'vitest.next.config.mjs',
    );
  }

  // Next.js apps on the tarballs, each Next.js major on its defaults: builds, a sign-in under
  // `next start`, `next dev`, a client component refused (next-apps.ts). Run by tsx from the demo
  // IdP's folder, whose provider (oidc-provider) they sign in at.
  check(
    'Next.js 16 and 15 apps on the tarballs (next-apps.ts)',
    process.execPath,
    ['--import', 'tsx', join(here, 'next-apps.ts'), tarballs, join(scratch, 'next-apps')],
    join(root, 'examples', 'demo-idp'),
    () => false,
    { env: { TSX_TSCONFIG_PATH: join(root, 'examples', 'tsconfig.run.json') }, show: true },
  );
} finally {
  if (keep) console.log(`scratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.passed).length;
console.log(`\npackaging: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
