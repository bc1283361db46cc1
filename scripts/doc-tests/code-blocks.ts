// Type-checks the TypeScript blocks of the docs and checks that the JavaScript blocks parse and
// that what they import or require resolves.
//
// Every TypeScript block becomes a module file of its own (virtual: nothing is written to disk)
// in one Program (two when a block is marked `workers`), compiled with the settings the docs
// promise their readers: `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`,
// `verbatimModuleSyntax`, `module: nodenext`. `@identity-web/*` imports resolve to the
// sources their package.json `exports` are built from (dist/ does not exist before a build);
// only the doc files' own diagnostics are reported, so the packages' sources keep their own
// settings. Third-party imports (koa, hono, redis, ...) resolve from the node_modules of
// whichever workspace package has them installed.

import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { CodeBlock } from './markdown.js';
import { type Entry, root, type WorkspacePackage } from './workspace.js';

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const DOC_DIR = join(root, '__doc_tests__');
const HERE = dirname(fileURLToPath(import.meta.url));
const PRELUDE_FILE = join(HERE, 'fragment-prelude.ts');
// The Worker example's bindings, as `npx wrangler types` declares them: the docs show that Worker.
const WORKERS_ENV_FILE = join(root, 'examples/cloudflare-worker/src/env.d.ts');

const TS_EXTENSIONS = new Set(['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.d.mts', '.d.cts']);

function baseOptions(paths: Record<string, string[]>): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      // The packages' sources use tsyringe's decorators; the docs do not depend on this.
      experimentalDecorators: true,
      skipLibCheck: true,
      noEmit: true,
    },
    root,
  );
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0]?.messageText, '\n'));
  return { ...options, paths };
}

/** A statement of the fragment prelude: the names it declares and the names it refers to. */
interface PreludeStatement {
  readonly text: string;
  readonly declares: readonly string[];
  readonly uses: ReadonlySet<string>;
}

function identifiersIn(node: ts.Node, into: Set<string>): Set<string> {
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) into.add(n.text);
    n.forEachChild(visit);
  };
  visit(node);
  return into;
}

/** Names a module declares at its top level (imports, variables, functions, classes, types). */
export function topLevelNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

export function readPrelude(text = readFileSync(PRELUDE_FILE, 'utf8')): PreludeStatement[] {
  const file = ts.createSourceFile('prelude.ts', text, ts.ScriptTarget.ES2022, true);
  return file.statements.flatMap((statement) => {
    // An import of several names becomes one statement per name, so a fragment gets only those it uses.
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
    if (clause && named && !clause.name) {
      const from = (statement as ts.ImportDeclaration).moduleSpecifier.getText(file);
      return named.elements.map((element) => ({
        text: `import ${clause.isTypeOnly ? 'type ' : ''}{ ${element.getText(file)} } from ${from};`,
        declares: [element.name.text],
        uses: new Set<string>(),
      }));
    }
    const single = ts.factory.updateSourceFile(file, [statement]);
    const declares = [...topLevelNames(single)];
    const uses = identifiersIn(statement, new Set());
    for (const name of declares) uses.delete(name);
    return [{ text: statement.getText(file), declares, uses }];
  });
}

/** The prelude statements a fragment needs: those declaring a name it uses and does not declare, and their own needs. */
export function preludeFor(block: string, prelude: readonly PreludeStatement[]): string[] {
  const file = ts.createSourceFile('block.ts', block, ts.ScriptTarget.ES2022, true);
  const declared = topLevelNames(file);
  const wanted = [...identifiersIn(file, new Set())].filter((name) => !declared.has(name));
  const chosen = new Set<PreludeStatement>();
  const add = (name: string) => {
    for (const statement of prelude) {
      if (chosen.has(statement) || !statement.declares.includes(name)) continue;
      chosen.add(statement);
      for (const use of statement.uses) if (!declared.has(use)) add(use);
    }
  };
  for (const name of wanted) add(name);
  return prelude.filter((statement) => chosen.has(statement)).map((statement) => statement.text);
}

/** A doc block as a virtual module file. */
interface DocFile {
  readonly block: CodeBlock;
  readonly fileName: string;
  readonly text: string;
  /** Lines of the block itself; any after them are the fragment prelude. */
  readonly blockLines: number;
}

function docFileName(block: CodeBlock, extension: string): string {
  return join(DOC_DIR, block.file, `line-${block.fenceLine}${extension}`);
}

/** Hosts and module resolution shared by the Programs of one run. */
class DocHost {
  readonly files = new Map<string, string>();
  private readonly sourceFiles = new Map<string, ts.SourceFile>();
  private readonly candidates: readonly string[];

  constructor(
    packages: readonly WorkspacePackage[],
    private readonly paths: Record<string, string[]>,
  ) {
    // Where a doc block's third-party import is looked for: the root, then every workspace
    // package (each has its own node_modules under pnpm).
    this.candidates = packages.map((p) => p.dir);
  }

  isDocFile(fileName: string): boolean {
    return fileName.startsWith(DOC_DIR);
  }

  createProgram(rootNames: readonly string[], types: readonly string[]): ts.Program {
    const options = { ...baseOptions(this.paths), types: [...types] };
    const host = ts.createCompilerHost(options, true);
    const defaultGetSourceFile = host.getSourceFile.bind(host);
    const cache = ts.createModuleResolutionCache(root, (f) => f, options);
    host.fileExists = (f) => this.files.has(f) || ts.sys.fileExists(f);
    host.readFile = (f) => this.files.get(f) ?? ts.sys.readFile(f);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const virtual = this.files.get(fileName);
      const format = typeof languageVersion === 'object' ? languageVersion.impliedNodeFormat : undefined;
      const key = `${fileName}\0${format}`;
      const cached = virtual === undefined ? this.sourceFiles.get(key) : undefined;
      if (cached) return cached;
      const sourceFile =
        virtual !== undefined
          ? ts.createSourceFile(fileName, virtual, languageVersion, true)
          : defaultGetSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (sourceFile && virtual === undefined) this.sourceFiles.set(key, sourceFile);
      return sourceFile;
    };
    host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
      literals.map((literal) => {
        const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
        const own = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, cache, redirected, mode);
        if (own.resolvedModule || !this.isDocFile(containingFile)) return own;
        const elsewhere = this.resolveElsewhere(literal.text, compilerOptions, host, cache, mode);
        return elsewhere ? { resolvedModule: elsewhere } : own;
      });
    return ts.createProgram({ rootNames, options, host });
  }

  /** The declaration file of a types package (as `compilerOptions.types` names it), from whichever workspace package has it. */
  resolveTypes(name: string): string | undefined {
    const options = baseOptions({});
    for (const dir of this.candidates) {
      const found = ts.resolveTypeReferenceDirective(name, join(dir, 'index.d.ts'), options, ts.sys);
      if (found.resolvedTypeReferenceDirective?.resolvedFileName)
        return found.resolvedTypeReferenceDirective.resolvedFileName;
    }
    return undefined;
  }

  /** A bare specifier a doc file's own location does not resolve, from the workspace packages' node_modules. */
  resolveElsewhere(
    specifier: string,
    options: ts.CompilerOptions,
    host: ts.ModuleResolutionHost,
    cache: ts.ModuleResolutionCache | undefined,
    mode: ts.ResolutionMode,
  ): ts.ResolvedModuleFull | undefined {
    if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@identity-web/'))
      return undefined;
    let untyped: ts.ResolvedModuleFull | undefined;
    for (const dir of this.candidates) {
      const found = ts.resolveModuleName(specifier, join(dir, 'index.mts'), options, host, cache, undefined, mode);
      const resolved = found.resolvedModule;
      if (resolved && TS_EXTENSIONS.has(resolved.extension)) return resolved;
      untyped ??= resolved;
    }
    return untyped;
  }
}

export interface CodeBlockResult {
  readonly problems: Problem[];
  /** The Program of the Node blocks: its checker knows the packages' public types. */
  readonly program: ts.Program;
  /** Source files of the packages' main entries (`@identity-web/core`, ...). */
  readonly mainEntries: readonly string[];
  /** Source files of every public entry but the testing ones. */
  readonly publicEntries: readonly string[];
  readonly milliseconds: number;
}

const JS_LANGS = new Set(['js', 'javascript', 'cjs', 'mjs']);
export const TS_LANGS = new Set(['ts', 'typescript']);

/** Line (1-based, in the Markdown file) of a position in a doc file, or `undefined` in the prelude. */
function markdownLine(doc: DocFile, sourceFile: ts.SourceFile, position: number): number | undefined {
  const { line } = sourceFile.getLineAndCharacterOfPosition(position);
  return line < doc.blockLines ? doc.block.fenceLine + 1 + line : undefined;
}

function diagnosticProblems(doc: DocFile, sourceFile: ts.SourceFile, diagnostics: readonly ts.Diagnostic[]): Problem[] {
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    const line = d.start === undefined ? undefined : markdownLine(doc, sourceFile, d.start);
    return line === undefined
      ? { file: doc.block.file, line: doc.block.fenceLine, message: `TS${d.code} in the fragment prelude: ${message}` }
      : { file: doc.block.file, line, message: `TS${d.code}: ${message}` };
  });
}

/** Whether a JavaScript block is CommonJS: ```cjs, or ```js that requires and neither imports nor exports. */
function isCommonJs(block: CodeBlock): boolean {
  if (block.lang === 'cjs') return true;
  if (block.lang === 'mjs') return false;
  return !/^\s*(import|export)\b/m.test(block.text) && /\brequire\s*\(/.test(block.text);
}

function checkJavaScript(
  block: CodeBlock,
  docHost: DocHost,
  entries: readonly Entry[],
  packages: readonly WorkspacePackage[],
): Problem[] {
  const commonJs = isCommonJs(block);
  const fileName = docFileName(block, commonJs ? '.cjs' : '.mjs');
  const problems: Problem[] = [];
  const at = (offset: number) => block.fenceLine + 1 + block.text.slice(0, offset).split('\n').length - 1;
  const { diagnostics = [] } = ts.transpileModule(block.text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022 },
  });
  for (const d of diagnostics) {
    problems.push({
      file: block.file,
      line: d.start === undefined ? block.fenceLine : at(d.start),
      message: `does not parse: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    });
  }
  const options = baseOptions({});
  const { importedFiles } = ts.preProcessFile(block.text, true, true);
  for (const imported of importedFiles) {
    const specifier = imported.fileName;
    const line = at(imported.pos);
    if (isBuiltin(specifier)) continue;
    const entry = entries.find((e) => e.specifier === specifier);
    if (specifier.startsWith('@identity-web/')) {
      const usable = commonJs ? ['require', 'node', 'default'] : ['import', 'node', 'default'];
      if (!entry)
        problems.push({ file: block.file, line, message: `\`${specifier}\` is not an entry point of any package` });
      else if (!entry.conditions.some((c) => usable.includes(c))) {
        problems.push({
          file: block.file,
          line,
          message: `\`${specifier}\` has no \`${usable.join('`/`')}\` condition in its exports: ${commonJs ? 'require()' : 'import'} cannot load it`,
        });
      }
      continue;
    }
    if (commonJs) {
      // Node's own resolver, with require()'s conditions.
      const found = packages.some((p) => {
        try {
          createRequire(join(p.dir, 'package.json')).resolve(specifier);
          return true;
        } catch {
          return false;
        }
      });
      if (!found)
        problems.push({ file: block.file, line, message: `require('${specifier}') resolves in no workspace package` });
    } else {
      const resolved = docHost.resolveElsewhere(specifier, options, ts.sys, undefined, ts.ModuleKind.ESNext);
      if (!resolved)
        problems.push({ file: block.file, line, message: `import '${specifier}' resolves in no workspace package` });
    }
  }
  return problems;
}

/**
 * Checks every TypeScript and JavaScript block of `blocks` (other languages are left alone).
 * `preludeText` replaces fragment-prelude.ts (for tests of the checker).
 */
export function checkCodeBlocks(
  blocks: readonly CodeBlock[],
  packages: readonly WorkspacePackage[],
  entries: readonly Entry[],
  preludeText?: string,
): CodeBlockResult {
  const started = performance.now();
  const paths = Object.fromEntries(entries.map((e) => [e.specifier, [e.source]]));
  const docHost = new DocHost(packages, paths);
  const prelude = readPrelude(preludeText);
  const problems: Problem[] = [];
  const nodeDocs: DocFile[] = [];
  const workerDocs: DocFile[] = [];

  for (const block of blocks) {
    if (block.marker?.skip !== undefined) continue;
    if (JS_LANGS.has(block.lang)) {
      problems.push(...checkJavaScript(block, docHost, entries, packages));
      continue;
    }
    if (!TS_LANGS.has(block.lang)) continue;
    const fragment = block.marker?.fragment === true;
    const extra = fragment ? preludeFor(block.text, prelude) : [];
    // `export {}` keeps every block a module of its own, whatever it contains.
    const text = [block.text, ...extra, 'export {};', ''].join('\n');
    const doc: DocFile = {
      block,
      fileName: docFileName(block, '.mts'),
      text,
      blockLines: block.text.split('\n').length,
    };
    docHost.files.set(doc.fileName, doc.text);
    (block.marker?.workers ? workerDocs : nodeDocs).push(doc);
  }

  // The Node Program also loads every public entry, so the option check can read their types.
  const entryFile = join(DOC_DIR, 'public-entries.mts');
  const entryImports = entries
    .filter((e) => !e.specifier.endsWith('/testing'))
    .map((e, i) => `export * as e${i} from '${e.specifier}';`);
  docHost.files.set(entryFile, `${entryImports.join('\n')}\n`);

  const program = docHost.createProgram([...nodeDocs.map((d) => d.fileName), entryFile], ['node']);
  const programs: [ts.Program, DocFile[]][] = [[program, nodeDocs]];
  if (workerDocs.length > 0) {
    const workersTypes = docHost.resolveTypes('@cloudflare/workers-types');
    if (!workersTypes) throw new Error('@cloudflare/workers-types is installed in no workspace package');
    const workers = docHost.createProgram([...workerDocs.map((d) => d.fileName), workersTypes, WORKERS_ENV_FILE], []);
    programs.push([workers, workerDocs]);
  }
  for (const [p, docs] of programs) {
    for (const d of [...p.getOptionsDiagnostics(), ...p.getGlobalDiagnostics()]) {
      problems.push({ file: '(compiler)', line: 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
    for (const doc of docs) {
      const sourceFile = p.getSourceFile(doc.fileName);
      if (!sourceFile) throw new Error(`${doc.fileName} is not in the Program`);
      const diagnostics = [...p.getSyntacticDiagnostics(sourceFile), ...p.getSemanticDiagnostics(sourceFile)];
      problems.push(...diagnosticProblems(doc, sourceFile, diagnostics));
    }
  }
  return {
    problems,
    program,
    mainEntries: entries.filter((e) => /^@[^/]+\/[^/]+(\/api)?$/.test(e.specifier)).map((e) => e.source),
    publicEntries: entries.filter((e) => !e.specifier.endsWith('/testing')).map((e) => e.source),
    milliseconds: performance.now() - started,
  };
}
