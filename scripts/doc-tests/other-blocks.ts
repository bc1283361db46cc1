// The checks of the blocks that are not code: JSON parses (JSONC once its comments are gone),
// TOML is well-formed line by line, and shell commands name only pnpm scripts that exist, test
// paths that exist, and install every package the same file's code imports.

import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { Problem } from './code-blocks.js';
import type { CodeBlock, InlineCode, MarkdownDoc } from './markdown.js';
import { root, type WorkspacePackage } from './workspace.js';

/** `text` without its `//` and `/* *\/` comments (strings left alone), line breaks kept. */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = /"(?:[^"\\\n]|\\.)*"/y;
      end.lastIndex = i;
      const match = end.exec(text);
      const literal = match?.[0] ?? ch;
      out += literal;
      i += literal.length - 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const comment = text.slice(i, close < 0 ? text.length : close + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length - 1;
    } else out += ch;
  }
  return out;
}

function jsonProblem(block: CodeBlock, text: string): Problem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    const line = Number.isNaN(position) ? 0 : text.slice(0, position).split('\n').length - 1;
    return { file: block.file, line: block.fenceLine + 1 + line, message: `${block.lang} does not parse: ${message}` };
  }
}

const TOML_VALUE =
  /^(?:"(?:[^"\\]|\\.)*"|'[^']*'|[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|\d{4}-\d{2}-\d{2}[\dT:.+\-Z]*|\[.*\]|\{.*\})\s*(?:#.*)?$/;
const TOML_KEY = /^(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*$/;

/** Line-by-line TOML: tables, arrays of tables and `key = value` with one-line values. */
function tomlProblems(block: CodeBlock): Problem[] {
  const problems: Problem[] = [];
  block.text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const table = /^\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (table && TOML_KEY.test(table[1] ?? '') && line.startsWith('[[') === /\]\]\s*(#.*)?$/.test(line)) return;
    const pair = /^(.+?)\s*=\s*(.+)$/.exec(line);
    if (pair && TOML_KEY.test(pair[1] ?? '') && TOML_VALUE.test(pair[2] ?? '')) return;
    problems.push({
      file: block.file,
      line: block.fenceLine + 1 + index,
      message: `toml: not a table or key = value: ${line}`,
    });
  });
  return problems;
}

/** pnpm's own commands; any other first word is a script of the package (`pnpm lint` = `pnpm run lint`). */
const PNPM_BUILTINS = new Set(
  'add audit bin config create deploy dlx docs doctor env exec fetch get help home i import init install install-test it licenses link list ls outdated pack patch patch-commit prune publish rb rebuild remove rm root self-update server set setup store un uninstall unlink up update upgrade why'.split(
    ' ',
  ),
);
/** Built-ins that run the script of the same name. */
const PNPM_SCRIPT_BUILTINS = new Map([
  ['test', 'test'],
  ['t', 'test'],
  ['start', 'start'],
]);

export interface ShellContext {
  readonly packages: readonly WorkspacePackage[];
}

/** The words of one shell command (quotes removed; no expansion). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Problems of one shell command line: unknown pnpm scripts and filters, missing vitest paths. */
export function shellLineProblems(line: string, context: ShellContext): string[] {
  const problems: string[] = [];
  let cwd = root;
  // Drop a trailing comment, then split into commands.
  const code = line.replace(/(^|\s)#.*$/, '');
  for (const command of code.split(/&&|\|\||;|\|/)) {
    const argv = words(command.trim());
    if (argv[0] === 'cd' && argv[1]) {
      cwd = join(cwd, argv[1]);
      continue;
    }
    let rest: string[] | undefined;
    if (argv[0] === 'pnpm') rest = argv.slice(1);
    if (argv[0] === 'npx') {
      const at = argv.findIndex((word, i) => i > 0 && /^pnpm(@.*)?$/.test(word));
      const vitest = argv.findIndex((word, i) => i > 0 && word === 'vitest');
      if (at > 0) rest = argv.slice(at + 1);
      else if (vitest > 0) {
        for (const path of argv.slice(vitest + 1).filter((word) => !word.startsWith('-') && word.includes('/'))) {
          if (!existsSync(join(cwd, path))) problems.push(`\`vitest ${path}\`: no such path`);
        }
      }
    }
    if (!rest) continue;
    let filter: string | undefined;
    let dir = cwd;
    let scriptName: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i] ?? '';
      if (word === '--filter' || word === '-F') filter = rest[++i];
      else if (word.startsWith('--filter=')) filter = word.slice('--filter='.length);
      else if (word === '-C' || word === '--dir') dir = join(cwd, rest[++i] ?? '');
      else if (word.startsWith('-')) continue;
      else {
        if (word === 'run') scriptName = rest[i + 1];
        else if (PNPM_SCRIPT_BUILTINS.has(word)) scriptName = PNPM_SCRIPT_BUILTINS.get(word);
        else if (!PNPM_BUILTINS.has(word)) scriptName = word;
        break;
      }
    }
    // `pnpm <script>` in prose about commands is a placeholder, not a script.
    if (scriptName === undefined || /^<.*>$|…/.test(scriptName) || /^<.*>$/.test(filter ?? '')) continue;
    const target = filter
      ? context.packages.find((p) => p.manifest.name === filter || join(root, filter) === p.dir)
      : context.packages.find((p) => p.dir === dir);
    const where = filter ?? (relative(root, dir) || 'the root');
    if (!target)
      problems.push(`\`pnpm ${filter ? `--filter ${filter} ` : ''}${scriptName}\`: no workspace package ${where}`);
    else if (!target.manifest.scripts?.[scriptName]) {
      problems.push(`\`pnpm ${scriptName}\`: ${target.manifest.name} (${where}) has no script "${scriptName}"`);
    }
  }
  return problems;
}

function shellProblems(block: CodeBlock, context: ShellContext): Problem[] {
  const problems: Problem[] = [];
  const lines = block.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // A line ending in `\` goes on on the next one.
    let line = lines[i] ?? '';
    const first = i;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i] ?? ''}`;
    for (const message of shellLineProblems(line.replace(/^\$\s+/, ''), context)) {
      problems.push({ file: block.file, line: block.fenceLine + 1 + first, message });
    }
  }
  return problems;
}

/** The packages `npm install` / `pnpm add` lines of a file's shell blocks install. */
function installed(blocks: readonly CodeBlock[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const block of blocks) {
    if (!SHELL_LANGS.has(block.lang)) continue;
    for (const command of block.text.split(/&&|;|\n/)) {
      const argv = words(command.trim());
      const verb = argv.findIndex((w) => ['install', 'i', 'add'].includes(w));
      if (verb < 1 || !['npm', 'pnpm', 'yarn'].includes(argv[0] ?? '')) continue;
      names ??= new Set();
      for (const word of argv.slice(verb + 1)) {
        if (!word.startsWith('-')) names.add(word.replace(/(.)@[^/]*$/, '$1'));
      }
    }
  }
  return names;
}

/** The npm package a bare import specifier names (`hono/html` → `hono`), or `undefined` for a builtin or a relative path. */
function packageOf(specifier: string): string | undefined {
  if (isBuiltin(specifier) || /^[a-z]+:/.test(specifier) || specifier.startsWith('.') || specifier.startsWith('/')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A file whose shell blocks install packages must install every package its code blocks import. */
function installProblems(doc: MarkdownDoc): Problem[] {
  const names = installed(doc.blocks);
  if (!names) return [];
  const problems: Problem[] = [];
  for (const block of doc.blocks) {
    if (block.marker?.skip !== undefined || !CODE_LANGS.has(block.lang)) continue;
    for (const imported of ts.preProcessFile(block.text, true, true).importedFiles) {
      const name = packageOf(imported.fileName);
      if (name && !names.has(name)) {
        const line = block.fenceLine + 1 + block.text.slice(0, imported.pos).split('\n').length - 1;
        problems.push({
          file: doc.file,
          line,
          message: `imports ${imported.fileName}, but the install line of this file does not install ${name}`,
        });
      }
    }
  }
  return problems;
}

export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
export const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'cjs', 'mjs']);
export const TEXT_LANGS = new Set(['text', 'txt', 'plain', 'md', 'markdown']);

/** Checks every JSON, JSONC, TOML and shell block of `doc`, the install lines, and the pnpm commands of its inline code. */
export function checkOtherBlocks(doc: MarkdownDoc, context: ShellContext): Problem[] {
  const problems: Problem[] = [];
  for (const block of doc.blocks) {
    if (block.marker?.skip !== undefined) continue;
    if (block.lang === 'json') problems.push(...[jsonProblem(block, block.text)].filter((p) => p !== undefined));
    if (block.lang === 'jsonc') {
      const stripped = stripJsonComments(block.text);
      problems.push(...[jsonProblem(block, stripped)].filter((p) => p !== undefined));
    }
    if (block.lang === 'toml') problems.push(...tomlProblems(block));
    if (SHELL_LANGS.has(block.lang)) problems.push(...shellProblems(block, context));
  }
  problems.push(...installProblems(doc));
  for (const span of doc.inlineCode) problems.push(...inlineCommandProblems(doc.file, span, context));
  return problems;
}

/** `pnpm lint` or `npx -y pnpm@... bench:http` in prose: the same check as in a shell block. */
function inlineCommandProblems(file: string, span: InlineCode, context: ShellContext): Problem[] {
  if (!/^(pnpm|npx)\s/.test(span.code)) return [];
  return shellLineProblems(span.code, context).map((message) => ({ file, line: span.line, message }));
}
