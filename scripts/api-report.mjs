// API reports for every public entry of every package, with API Extractor.
//
//   node scripts/api-report.mjs          check: fails when a report in packages/*/etc/ differs from
//                                        the built API, is missing, or has no entry any more
//   node scripts/api-report.mjs --update rewrites the reports (and deletes those of removed entries)
//   API_REPORT_ONLY=core-api ...         only the entries whose report name starts so (a quicker look)
//
// The entries come from each package's `exports` map, so a new entry point gets a report without
// touching any config; the shared settings are in api-extractor.base.json. The reports are made
// from dist/*.d.ts, which are rebuilt first when a package's sources are newer than its build.

import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { buildIfStale } from './lib/workspace.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const baseConfigPath = join(root, 'api-extractor.base.json');
const REPORT_SUFFIX = '.api.md';
// The project's own TypeScript supplies the lib typings, so they match what `tsc` built with.
const typescriptCompilerFolder = join(root, 'node_modules', 'typescript');
// Implementation libraries of the core that no public signature may mention.
const PRIVATE_LIBRARIES = ['tsyringe', 'reflect-metadata'];

const reportPath = (entry) => join(entry.folder, 'etc', `${entry.report}${REPORT_SUFFIX}`);
const reportName = (entry) => relative(root, reportPath(entry));

/** Every public entry: package folder, the entry's .d.ts and the report's base name. */
function listEntries() {
  const entries = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const folder = join(root, 'packages', dir);
    const manifestPath = join(folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const unscoped = manifest.name.replace(/^@[^/]+\//, '');
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target?.types !== 'string') continue;
      // "." -> core, "./adapter" -> core-adapter, "./a/b" -> core-a-b
      const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replaceAll('/', '-')}`;
      entries.push({ folder, manifestPath, dts: join(folder, target.types), report: `${unscoped}${suffix}` });
    }
  }
  return entries;
}

/**
 * The shared compiler settings; a package with its own ambient types (workers-types) gets them
 * instead of DOM's.
 */
function compilerFor(entry, baseConfig) {
  // The published declarations only (dist/), not the sources beside them, and not the browser
  // bundle's refusal (a side-effect import of a specifier that resolves nowhere, on purpose).
  const { compilerOptions, ...files } = baseConfig.compiler.overrideTsconfig;
  const options = { ...compilerOptions, paths: selfPaths(entry) };
  if (ambientTypeFiles(entry.folder).length === 0) {
    return { ...baseConfig.compiler, overrideTsconfig: { ...files, compilerOptions: options } };
  }
  const lib = options.lib.filter((name) => !name.startsWith('DOM'));
  // Nor Node's: its globals clash with the Workers runtime's, and the package builds without them.
  return { ...baseConfig.compiler, overrideTsconfig: { ...files, compilerOptions: { ...options, lib, types: [] } } };
}

/**
 * Where the package's imports of its own name lead: `@identity-web/core/testing` names the
 * core's types by `import type { IdentityWeb } from '@identity-web/core'`, as an app does, so
 * that each type has one entry. Resolved through a node_modules link, as an app resolves them,
 * API Extractor counts them another entry's (an import in the report), not a forgotten export.
 */
function selfPaths(entry) {
  const manifest = JSON.parse(readFileSync(entry.manifestPath, 'utf8'));
  const link = join(root, 'node_modules', '.cache', 'api-extractor', 'self', 'node_modules', manifest.name);
  // A link left by a checkout elsewhere (or broken) is made again.
  const current = lstatSync(link, { throwIfNoEntry: false });
  if (current !== undefined && (!current.isSymbolicLink() || readlinkSync(link) !== entry.folder)) rmSync(link);
  if (current === undefined || !existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(entry.folder, link, 'dir');
  }
  const paths = {};
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target?.types !== 'string') continue;
    paths[subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`] = [join(link, target.types)];
  }
  return paths;
}

function prepareConfig(entry, baseConfig) {
  return ExtractorConfig.prepare({
    configObject: {
      ...baseConfig,
      compiler: compilerFor(entry, baseConfig),
      projectFolder: entry.folder,
      mainEntryPointFilePath: entry.dts,
      apiReport: { ...baseConfig.apiReport, reportFileName: entry.report },
    },
    configObjectFullPath: baseConfigPath,
    packageJsonFullPath: entry.manifestPath,
  });
}

/**
 * The declaration files of the ambient types a package builds with besides Node's (its
 * tsconfig.build.json `types`, e.g. @cloudflare/workers-types, which declares `cloudflare:workers`).
 * They join the analysis as files: the compiler API Extractor bundles does not find them by name.
 */
function ambientTypeFiles(folder) {
  const buildConfig = join(folder, 'tsconfig.build.json');
  if (!existsSync(buildConfig)) return [];
  const types = JSON.parse(readFileSync(buildConfig, 'utf8')).compilerOptions?.types ?? [];
  return types
    .filter((name) => name !== 'node')
    .map((name) => createRequire(join(folder, 'package.json')).resolve(`${name}/index.d.ts`));
}

/** Runs every entry of one package on one shared compiler analysis; returns the failed reports. */
function reportPackage(packageEntries, baseConfig) {
  const configs = packageEntries.map((entry) => prepareConfig(entry, baseConfig));
  const compilerState = CompilerState.create(configs[0], {
    typescriptCompilerFolder,
    additionalEntryPoints: [...packageEntries.map((e) => e.dts), ...ambientTypeFiles(packageEntries[0].folder)],
  });
  if (update) mkdirSync(join(packageEntries[0].folder, 'etc'), { recursive: true });
  const failed = [];
  for (const [i, config] of configs.entries()) {
    const name = reportName(packageEntries[i]);
    console.log(`\napi-report: ${name}`);
    const result = Extractor.invoke(config, {
      compilerState,
      localBuild: update,
      printApiReportDiff: !update,
      typescriptCompilerFolder,
    });
    if (!result.succeeded) failed.push(name);
  }
  return failed;
}

/** Reports in etc/ that no entry produces any more. */
function orphanReports(entries) {
  const expected = new Set(entries.map(reportPath));
  const orphans = [];
  for (const folder of new Set(entries.map((e) => e.folder))) {
    const etc = join(folder, 'etc');
    if (!existsSync(etc)) continue;
    for (const name of readdirSync(etc)) {
      const path = join(etc, name);
      if (name.endsWith(REPORT_SUFFIX) && !expected.has(path)) orphans.push(path);
    }
  }
  return orphans;
}

const only = process.env.API_REPORT_ONLY;
const entries = listEntries().filter((e) => only === undefined || e.report.startsWith(only));
buildIfStale('api-report');

const baseConfig = ExtractorConfig.loadFile(baseConfigPath);
const failed = [];
for (const folder of new Set(entries.map((e) => e.folder))) {
  failed.push(
    ...reportPackage(
      entries.filter((e) => e.folder === folder),
      baseConfig,
    ),
  );
}
for (const entry of entries) {
  if (!existsSync(reportPath(entry))) continue;
  const text = readFileSync(reportPath(entry), 'utf8');
  for (const lib of PRIVATE_LIBRARIES.filter((l) => text.includes(`'${l}'`) || text.includes(`"${l}"`))) {
    console.error(`api-report: ${reportName(entry)} exposes ${lib}, an implementation detail`);
    failed.push(reportName(entry));
  }
}
// Every entry's report counts, not only those API_REPORT_ONLY picked.
for (const orphan of orphanReports(listEntries())) {
  const name = relative(root, orphan);
  if (update) {
    rmSync(orphan);
    console.log(`api-report: removed ${name} (its entry is gone)`);
  } else {
    console.error(`api-report: ${name} has no entry in its package's exports`);
    failed.push(name);
  }
}

const failures = [...new Set(failed)];
if (failures.length > 0) {
  console.error(`\napi-report: ${failures.length} report(s) failed:\n  ${failures.join('\n  ')}`);
  if (!update) console.error('Review the API change, then run `pnpm api:update` and commit packages/*/etc/.');
  process.exit(1);
}
console.log(`\napi-report: ${entries.length} report(s) ${update ? 'written' : 'up to date'}`);
