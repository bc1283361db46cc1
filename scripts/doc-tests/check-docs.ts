// Docs are tests: every code block of the docs is checked, every option the prose names must
// exist, and every relative link must lead to a file. The convention for doc writers is in docs/contributing-docs.md; docs.test.ts runs this
// in `pnpm test`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCodeBlocks, type Problem, TS_LANGS } from './code-blocks.js';
import { checkLinks } from './links.js';
import { parseMarkdown } from './markdown.js';
import { checkOptionMentions, collectOptions } from './options.js';
import { CODE_LANGS, checkOtherBlocks, SHELL_LANGS, TEXT_LANGS } from './other-blocks.js';
import { libraryEntries, root, workspacePackages } from './workspace.js';

export type { Problem } from './code-blocks.js';

/** The docs under test: README.md, docs/*.md, examples/README.md and every packages/*\/README.md. */
export function docFiles(): string[] {
  const markdown = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => `${dir}/${name}`);
  const packages = readdirSync(join(root, 'packages'))
    .sort()
    .map((name) => `packages/${name}/README.md`)
    .filter((file) => {
      try {
        readFileSync(join(root, file));
        return true;
      } catch {
        return false;
      }
    });
  return ['README.md', ...markdown('docs'), 'examples/README.md', 'bench/README.md', ...packages];
}

export interface DocInput {
  /** Path relative to the workspace root. */
  readonly file: string;
  readonly text: string;
}

/** One code block as the run saw it. */
export interface BlockInfo {
  readonly file: string;
  readonly line: number;
  /** ts, js, json, jsonc, toml, sh or text (`text` blocks are counted, not checked). */
  readonly lang: string;
  readonly fragment: boolean;
  readonly workers: boolean;
  /** The reason of a `skip` marker. */
  readonly skipped: string | undefined;
}

export interface Report {
  readonly problems: readonly Problem[];
  readonly blocks: readonly BlockInfo[];
  readonly notOptions: readonly { readonly file: string; readonly line: number; readonly reason: string }[];
  readonly optionTypes: readonly string[];
  readonly milliseconds: number;
}

const CHECKED = new Set([...CODE_LANGS, ...SHELL_LANGS, ...TEXT_LANGS, 'json', 'jsonc', 'toml']);

function group(lang: string): string {
  if (TS_LANGS.has(lang)) return 'ts';
  if (CODE_LANGS.has(lang)) return 'js';
  if (SHELL_LANGS.has(lang)) return 'sh';
  if (TEXT_LANGS.has(lang)) return 'text';
  return lang;
}

/** Runs every doc check on `inputs` (default: the files of `docFiles()`, read from disk). */
export function checkDocs(inputs?: readonly DocInput[], preludeText?: string): Report {
  const started = performance.now();
  const texts = inputs ?? docFiles().map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
  const docs = texts.map((input) => parseMarkdown(input.file, input.text));
  const packages = workspacePackages();
  const entries = libraryEntries(packages);
  const problems: Problem[] = texts.flatMap((input) => checkLinks(input.file, input.text));
  const blocks: BlockInfo[] = [];

  for (const doc of docs) {
    for (const { line, message } of doc.markerProblems) problems.push({ file: doc.file, line, message });
    for (const block of doc.blocks) {
      blocks.push({
        file: doc.file,
        line: block.fenceLine,
        lang: group(block.lang),
        fragment: block.marker?.fragment === true,
        workers: block.marker?.workers === true,
        skipped: block.marker?.skip,
      });
      if (block.marker?.skip !== undefined) continue;
      if (!CHECKED.has(block.lang)) {
        problems.push({
          file: doc.file,
          line: block.fenceLine,
          message: block.lang
            ? `no doc test knows \`\`\`${block.lang} blocks (ts, js, json, jsonc, toml, sh, text)`
            : 'a code block without a language: tag it (```text for plain text)',
        });
        continue;
      }
      if (block.marker?.fragment && !TS_LANGS.has(block.lang)) {
        problems.push({
          file: doc.file,
          line: block.fenceLine,
          message: '`fragment` applies to TypeScript blocks only',
        });
      }
    }
    problems.push(...checkOtherBlocks(doc, { packages }));
  }

  const code = checkCodeBlocks(
    docs.flatMap((doc) => doc.blocks),
    packages,
    entries,
    preludeText,
  );
  problems.push(...code.problems);
  const catalog = collectOptions(code.program, code.mainEntries, code.publicEntries);
  for (const doc of docs) problems.push(...checkOptionMentions(doc, catalog));

  return {
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    blocks,
    notOptions: docs.flatMap((doc) => doc.notOptionRegions.map((r) => ({ file: doc.file, ...r }))),
    optionTypes: catalog.typeNames,
    milliseconds: performance.now() - started,
  };
}
