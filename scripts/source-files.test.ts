// The source-file guard: every file under packages/*/src (outside testing/ folders) stays under 250 lines
// and opens with a comment that names its one job, so the file list and first lines explain the code.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A file this long does more than one job: split it. */
const MAX_LINES = 250;

/** Every `.ts` file below `dir`, skipping `testing/` folders (test helpers, published apart). */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') files.push(...sourceFiles(path));
    } else if (entry.isFile() && entry.name.endsWith('.ts')) {
      files.push(path);
    }
  }
  return files;
}

const packagesDir = join(root, 'packages');
const files = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const src = join(packagesDir, entry.name, 'src');
    try {
      return sourceFiles(src);
    } catch {
      return []; // a package without src/
    }
  })
  .map((path) => ({ name: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Lines as `wc -l` counts them: a final line feed ends the last line, it does not start another. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

describe('source files under packages/*/src (outside testing/)', () => {
  it('are found', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it(`stay under ${MAX_LINES} lines`, () => {
    const long = files.filter((f) => lineCount(f.text) >= MAX_LINES).map((f) => `${f.name}: ${lineCount(f.text)}`);
    expect(long, `files of ${MAX_LINES} lines or more: split each into files of one job`).toEqual([]);
  });

  it('open with a comment that names their one job', () => {
    const bare = files
      .filter((f) => {
        const first = f.text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
        return !first.startsWith('//') && !first.startsWith('/*');
      })
      .map((f) => f.name);
    expect(bare, 'files whose first line is no `//` or `/*` comment: add one that says what the file is for').toEqual(
      [],
    );
  });
});
