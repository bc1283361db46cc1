// The workspace as the doc tests see it: its packages and their public entry points, and the
// folders whose node_modules the doc blocks' third-party imports are resolved from.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Manifest {
  readonly name: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

export interface WorkspacePackage {
  /** Absolute folder. */
  readonly dir: string;
  readonly manifest: Manifest;
}

/** One public entry point of a library package: `@identity-web/core/testing` and the source file it is built from. */
export interface Entry {
  readonly specifier: string;
  readonly source: string;
  /** The conditions its `exports` entry offers (`types`, `import`, `require`, `default`, ...). */
  readonly conditions: readonly string[];
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The root and every package of pnpm-workspace.yaml (packages/*, examples/*, bench/*). */
export function workspacePackages(): WorkspacePackage[] {
  const globs = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => /^\s*-\s*['"]?([\w.-]+)\/\*['"]?\s*$/.exec(line)?.[1])
    .filter((dir): dir is string => dir !== undefined);
  const dirs = globs.flatMap((parent) =>
    readdirSync(join(root, parent))
      .sort()
      .map((name) => join(root, parent, name))
      .filter((dir) => existsSync(join(dir, 'package.json'))),
  );
  return [root, ...dirs].map((dir) => ({ dir, manifest: readManifest(dir) }));
}

/**
 * The public entry points of the library packages (packages/*), from each package.json `exports`:
 * `./dist/x.d.ts` is built from `./src/x.ts`. CI runs the doc tests before any build, so the doc
 * blocks are checked against these sources (as the repository's own tsconfig `paths` do).
 */
export function libraryEntries(packages: readonly WorkspacePackage[]): Entry[] {
  const entries: Entry[] = [];
  for (const { dir, manifest } of packages) {
    if (!dir.startsWith(join(root, 'packages'))) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const conditions = typeof target === 'string' ? { default: target } : target;
      const types = conditions.types ?? conditions.default ?? '';
      const source = join(dir, types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
      if (!existsSync(source)) {
        throw new Error(`${manifest.name} exports ${subpath} (${types}), but ${source} does not exist`);
      }
      entries.push({
        specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`,
        source,
        conditions: Object.keys(conditions),
      });
    }
  }
  return entries;
}
