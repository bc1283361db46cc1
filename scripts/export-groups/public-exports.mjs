// Every export of every public entry (the `exports` map of each package), with the declaration it
// names: what the export-group test checks and `tag.mjs` tags. TypeScript's own checker resolves
// each name through re-exports to the declaration a reader (and TypeDoc) sees.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Each public entry: its name (`@identity-web/core/store`) and its source file. */
export function publicEntries() {
  const entries = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const manifestPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target?.types !== 'string') continue;
      const source = target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
      entries.push({
        entry: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
        file: join(root, 'packages', dir, source),
      });
    }
  }
  return entries;
}

/** The node a declaration's doc comment belongs to (a variable's is its statement's). */
export function documentedNode(declaration) {
  return ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
}

/** The `@group` tags of a declaration's doc comment. */
export function groupsOf(declaration) {
  return ts
    .getJSDocTags(documentedNode(declaration))
    .filter((tag) => tag.tagName.text === 'group')
    .map((tag) => ts.getTextOfJSDocComment(tag.comment)?.trim() ?? '');
}

/**
 * Every export of every entry: `{ entry, name, file, declarations }`, `file` relative to the
 * repository, `declarations` the TypeScript nodes (a const and a type of one name are two).
 */
export function publicExports() {
  const entries = publicEntries();
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.depcruise.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(
    entries.map(({ file }) => file),
    { ...config.options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const found = [];
  for (const { entry, file } of entries) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`${entry}: ${file} is not in the program`);
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(source))) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      const declared = declarations[0]?.getSourceFile().fileName;
      found.push({
        entry,
        name: exported.name,
        file: declared === undefined ? '' : relative(root, declared),
        declarations,
      });
    }
  }
  return found;
}
