// What the release scripts share: the workspace's packages, a build when dist/ is stale, and
// `pnpm pack` of every package (pnpm, not npm: only pnpm rewrites `workspace:` ranges).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;

/** Every package under packages/: its folder and manifest, sorted by folder. */
export function listPackages() {
  return readdirSync(join(root, 'packages'))
    .sort()
    .map((dir) => join(root, 'packages', dir))
    .filter((folder) => existsSync(join(folder, 'package.json')))
    .map((folder) => ({ folder, manifest: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) }));
}

/** Runs pnpm: the pnpm of `pnpm run` when there is one, else the pinned version through npx. */
export function pnpm(args, options = {}) {
  // Under `pnpm run`, npm_execpath is pnpm's own script: reuse it instead of a second download.
  const execpath = process.env.npm_execpath;
  const result =
    execpath && /pnpm/.test(execpath)
      ? spawnSync(process.execPath, [execpath, ...args], { stdio: 'inherit', ...options })
      : spawnSync('npx', ['-y', PNPM_VERSION, ...args], { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed (exit ${result.status})`);
  return result;
}

/** Newest modification time under `path` (files only), skipping tests. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as a newer folder
  for (const name of readdirSync(path)) {
    if (/\.test\.ts$/.test(name)) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when a file of `exports` is missing or older than its package's sources and build config. */
function isStale({ folder, manifest }, shared) {
  const built = Object.values(manifest.exports ?? {}).flatMap((target) =>
    Object.values(target).map((file) => join(folder, file)),
  );
  if (built.some((file) => !existsSync(file))) return true;
  const inputs = ['src', 'package.json', 'tsconfig.build.json'].map((p) => newestMtime(join(folder, p)));
  const newestInput = Math.max(shared, ...inputs);
  return built.some((file) => newestInput > statSync(file).mtimeMs);
}

/** Builds every package (`pnpm build`) when some package's dist/ is missing or older than its sources. */
export function buildIfStale(label) {
  const shared = newestMtime(join(root, 'tsconfig.base.json'));
  if (!listPackages().some((pkg) => isStale(pkg, shared))) return;
  console.log(`${label}: dist is missing or older than the sources; building first`);
  pnpm(['run', 'build'], { cwd: root });
}

/** The file name `pnpm pack` gives a package's tarball. */
export function tarballName(manifest) {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

/** Packs every package into `destination`; returns each package with the path of its tarball. */
export function packAll(destination) {
  return listPackages().map((pkg) => {
    pnpm(['pack', '--pack-destination', destination], { cwd: pkg.folder, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = join(destination, tarballName(pkg.manifest));
    if (!existsSync(tarball)) throw new Error(`pnpm pack wrote no ${tarball}`);
    return { ...pkg, tarball };
  });
}
