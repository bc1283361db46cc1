// Lints what npm would publish: every package is packed with `pnpm pack` (the tarball an
// `npm install` gets), then checked by publint and by Are The Types Wrong, plus what neither
// checks: no `workspace:` range left in the packed manifest, a LICENSE, and a README whose links
// still work on npmjs.com (absolute, not relative to the repository), and a typedoc.json whose
// entry points are the package's exports.
//
//   node scripts/lint-packages.mjs      (also `pnpm lint:packages`, run by `pnpm lint`)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { buildIfStale, packAll, root } from './lib/workspace.mjs';

// attw's options, and why:
// - every profile attw knows (node10, node16, bundler): `node10` resolution predates `exports`,
//   and Next.js 15 still writes `moduleResolution: "node"` into the tsconfig it creates for an
//   app; `typesVersions` gives such an app the subpaths' types (`@identity-web/core/adapter`).
// - cjs-resolves-to-esm: the packages are ESM only on purpose. Node >= 20.19 and >= 22.12 load
//   them with require() (require(esm)), and TypeScript >= 5.8 types that under `module: nodenext`;
//   attw predates require(esm). The packaging test (`pnpm test:packaging`) runs the require()
//   path on Node 20, 22 and 24, so it is tested rather than assumed.
const ATTW_ARGS = ['--ignore-rules', 'cjs-resolves-to-esm', '--format', 'table-flipped'];
const RELATIVE_LINK = /\]\((?!https?:|mailto:|#)[^)]+\)/g;

function unpack(tarball, into) {
  mkdirSync(into, { recursive: true });
  const result = spawnSync('tar', ['-xzf', tarball, '-C', into], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`cannot unpack ${tarball}`);
  return join(into, 'package');
}

/** The checks publint and attw do not make; returns problems as sentences. */
function ownChecks(dir) {
  const problems = [];
  const manifestText = readFileSync(join(dir, 'package.json'), 'utf8');
  if (manifestText.includes('workspace:')) problems.push('the packed package.json still has a `workspace:` range');
  for (const file of ['LICENSE', 'README.md']) {
    if (!existsSync(join(dir, file))) problems.push(`${file} is not in the tarball`);
  }
  const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  for (const link of readme.match(RELATIVE_LINK) ?? []) {
    problems.push(`README.md links ${link}: relative links break on npmjs.com, use an absolute URL`);
  }
  const manifest = JSON.parse(manifestText);
  for (const field of ['repository', 'homepage', 'bugs', 'license', 'engines']) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  return problems;
}

/** The API reference documents exactly the public entries: typedoc.json against `exports`. */
function typedocChecks(folder, manifest) {
  const path = join(folder, 'typedoc.json');
  if (!existsSync(path)) return ['typedoc.json is missing (the API reference would skip the package)'];
  const documented = [...JSON.parse(readFileSync(path, 'utf8')).entryPoints].sort();
  const exported = Object.values(manifest.exports ?? {})
    .map((target) => target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))
    .sort();
  if (JSON.stringify(documented) === JSON.stringify(exported)) return [];
  return [`typedoc.json entryPoints ${JSON.stringify(documented)} differ from the exports ${JSON.stringify(exported)}`];
}

buildIfStale('lint:packages');
const scratch = mkdtempSync(join(tmpdir(), 'identity-web-lint-'));
let failures = 0;
try {
  for (const { manifest, tarball, folder } of packAll(scratch)) {
    const name = manifest.name;
    console.log(`\n== ${name} (${relative(root, folder)})`);
    const dir = unpack(tarball, join(scratch, name.replace('/', '__')));

    const problems = [...ownChecks(dir), ...typedocChecks(folder, manifest)];
    const { messages, pkg } = await publint({ pkgDir: dir, pack: false, strict: true, level: 'suggestion' });
    for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg)}`);

    const attw = spawnSync(join(root, 'node_modules', '.bin', 'attw'), [tarball, ...ATTW_ARGS], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    if (attw.status !== 0) problems.push(`attw:\n${attw.stdout}${attw.stderr}`);

    if (problems.length === 0) console.log('publint, attw and manifest checks: clean');
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    failures += problems.length;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`\nlint:packages: ${failures} problem(s)`);
  process.exit(1);
}
console.log('\nlint:packages: every package is clean');
