// Every option the docs name must exist. The options that exist are read from the packages'
// option types with the TypeScript checker (every type named `...Options` that a public entry
// point exports, with its nested objects); the names the prose uses are found in inline code:
//
// - a dotted path whose head is an option holding options (`frontChannelLogout.sessionRequired`,
//   `session.ttlSeconds`, `logoutToken.algorithms`);
// - a `name: value` form (`inProcessCaches: false`, `session: { memo: false }`), every name in it;
// - a call of a function that takes options (`createOidcProvider({ issuer })`,
//   `requireAuth({ roles: ['admin'] })`), against that function's own option type;
// - the first column of a table whose first header cell says "option".
//
// Member names of what the library returns (`auth.user`, `ctx.state.auth`) have heads that are
// no option, and are left alone. Another library's options (a migration guide's comparison
// table) are marked `<!-- doc-test: not-options (reason) -->`.

import ts from 'typescript';
import type { Problem } from './code-blocks.js';
import type { InlineCode, MarkdownDoc } from './markdown.js';

/** The options under one name: named children, or any name (`downstreamApis.<name>`). */
export interface OptionNode {
  readonly children: Map<string, OptionNode>;
  wildcard: OptionNode | undefined;
}

export interface OptionCatalog {
  /** Every option type's options, merged: what prose anywhere may name. */
  readonly all: OptionNode;
  /** The option type of each parameter of the functions that take options. */
  readonly byFunction: ReadonlyMap<string, ReadonlyMap<number, OptionNode>>;
  /** Names of the option types read, for the report. */
  readonly typeNames: readonly string[];
  /** Property names of every other public type (`groupsOverage` of an account, `code` of an error): values, not options. */
  readonly members: ReadonlySet<string>;
}

const node = (): OptionNode => ({ children: new Map(), wildcard: undefined });

function merge(into: OptionNode, from: OptionNode): void {
  for (const [name, child] of from.children) {
    const existing = into.children.get(name);
    if (existing) merge(existing, child);
    else into.children.set(name, child);
  }
  if (from.wildcard) {
    if (into.wildcard) merge(into.wildcard, from.wildcard);
    else into.wildcard = from.wildcard;
  }
}

/**
 * Reads the option types of the packages' main entries (`mainEntries`) and the member names of
 * every public type (`publicEntries`); both lists name source files already in `program`.
 */
export function collectOptions(
  program: ts.Program,
  mainEntries: readonly string[],
  publicEntries: readonly string[],
): OptionCatalog {
  const checker = program.getTypeChecker();
  const optionTypes = new Map<ts.Type, { name: string; file: string }>();
  const functions = new Map<string, ts.Symbol>();
  const otherTypes: ts.Type[] = [];
  for (const fileName of publicEntries) {
    const sourceFile = program.getSourceFile(fileName);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`${fileName}: not in the Program, or not a module`);
    const main = mainEntries.includes(fileName);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (main && symbol.flags & ts.SymbolFlags.Function) functions.set(exported.name, symbol);
      if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class))) continue;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      if (main && /Options$/.test(exported.name)) {
        const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
        if (!optionTypes.has(type)) optionTypes.set(type, { name: exported.name, file });
      } else otherTypes.push(type);
    }
  }
  const members = new Set<string>();
  for (const type of otherTypes) {
    if (optionTypes.has(type)) continue;
    for (const property of checker.getPropertiesOfType(type)) members.add(property.name);
  }

  const isOwn = (fileName: string) => /\/packages\/[^/]+\/src\//.test(fileName);
  const isFunction = (type: ts.Type) => type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0;
  /**
   * Whether a property's type holds options of its own: an inline object, a public option type
   * (`...Options`, wherever it is declared), or a data type of the same option file (not a port,
   * a callback or a value).
   */
  const holdsOptions = (type: ts.Type, homeFile: string): boolean => {
    if (!(type.flags & ts.TypeFlags.Object) || isFunction(type) || checker.isArrayType(type)) return false;
    // `Partial<StoreSet>` (the `stores` option): any part of one of the core's own types.
    const whole = type.aliasSymbol?.name === 'Partial' ? type.aliasTypeArguments?.[0] : undefined;
    const wholeDeclaration = whole?.getSymbol()?.declarations?.[0];
    if (wholeDeclaration && isOwn(wholeDeclaration.getSourceFile().fileName)) return true;
    const declaration = type.getSymbol()?.declarations?.[0];
    if (!declaration || !isOwn(declaration.getSourceFile().fileName)) return false;
    if (ts.isTypeLiteralNode(declaration) || optionTypes.has(type)) return true;
    // A named type of the option file holds options unless it is all methods (a logger, a port).
    const dataProperty = checker
      .getPropertiesOfType(type)
      .some((p) => !isFunction(checker.getNonNullableType(checker.getTypeOfSymbol(p))));
    return declaration.getSourceFile().fileName === homeFile && dataProperty;
  };
  const reached = new Set<ts.Type>();
  const trees = new Map<ts.Type, OptionNode>();
  const describe = (type: ts.Type, homeFile: string, depth: number): OptionNode => {
    const tree = node();
    if (depth > 6) return tree;
    for (const property of checker.getPropertiesOfType(type)) {
      const declared = checker.getNonNullableType(checker.getTypeOfSymbol(property));
      // `true | { ... }` (a switch or its settings): the object part holds the nested options.
      const propertyType = declared.isUnion()
        ? (declared.types.find((part) => holdsOptions(part, homeFile)) ?? declared)
        : declared;
      const child = holdsOptions(propertyType, homeFile) ? describe(propertyType, homeFile, depth + 1) : node();
      if (optionTypes.has(propertyType)) reached.add(propertyType);
      tree.children.set(property.name, child);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && tree.children.size === 0) {
      const value = checker.getNonNullableType(index.type);
      if (optionTypes.has(value)) reached.add(value);
      tree.wildcard =
        optionTypes.has(value) || holdsOptions(value, homeFile) ? describe(value, homeFile, depth + 1) : node();
    }
    return tree;
  };
  for (const [type, { file }] of optionTypes) trees.set(type, describe(type, file, 0));
  // An option type that only ever sits inside another (LogoutTokenOptions under `logoutToken`)
  // names no top-level option.
  const all = node();
  for (const [type, tree] of trees) if (!reached.has(type)) merge(all, tree);

  const byFunction = new Map<string, Map<number, OptionNode>>();
  for (const [name, symbol] of functions) {
    for (const signature of checker.getTypeOfSymbol(symbol).getCallSignatures()) {
      signature.getParameters().forEach((parameter, index) => {
        const type = checker.getNonNullableType(checker.getTypeOfSymbol(parameter));
        const tree = trees.get(type);
        if (!tree) return;
        const params = byFunction.get(name) ?? new Map<number, OptionNode>();
        params.set(index, tree);
        byFunction.set(name, params);
      });
    }
  }
  return { all, byFunction, typeNames: [...optionTypes.values()].map((t) => t.name).sort(), members };
}

function lookup(tree: OptionNode, path: readonly string[]): OptionNode | undefined {
  let current: OptionNode | undefined = tree;
  for (const segment of path) {
    current = current?.children.get(segment) ?? current?.wildcard;
    if (!current) return undefined;
  }
  return current;
}

const holds = (n: OptionNode | undefined) => n !== undefined && (n.children.size > 0 || n.wildcard !== undefined);

export function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

function allPaths(tree: OptionNode, prefix: readonly string[] = []): string[][] {
  return [
    ...[...tree.children].flatMap(([name, child]) => [[...prefix, name], ...allPaths(child, [...prefix, name])]),
    ...(tree.wildcard ? allPaths(tree.wildcard, [...prefix, '<name>']) : []),
  ];
}

const near = (name: string, candidate: string) => distance(name, candidate) <= (name.length <= 5 ? 1 : 2);

/**
 * "unknown option `x.y`" with what is near: the closest name of its parent, the option of that
 * name elsewhere in the tree, or the parent's names.
 */
function unknown(tree: OptionNode, path: readonly string[], what = 'option'): string {
  let known = 0;
  while (known < path.length - 1 && holds(lookup(tree, path.slice(0, known + 1)))) known++;
  const parentPath = path.slice(0, known);
  const parent = lookup(tree, parentPath);
  const missing = path[known] ?? '';
  const names = parent ? [...parent.children.keys()] : [];
  const prefix = parentPath.length > 0 ? `${parentPath.join('.')}.` : '';
  let message = `unknown ${what} \`${path.join('.')}\``;
  const scored = names.map((name) => ({ name, d: distance(name, missing) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  const elsewhere = allPaths(tree).find((p) => p.length > 1 && p.at(-1) === missing);
  if (best && best.d <= Math.max(2, Math.floor(missing.length / 3)))
    message += `; did you mean \`${prefix}${best.name}\`?`;
  else if (elsewhere) message += `; did you mean \`${elsewhere.join('.')}\`?`;
  else if (parentPath.length > 0 && names.length <= 12) {
    message += `; \`${parentPath.join('.')}\` has ${names.map((n) => `\`${n}\``).join(', ')}`;
  }
  return message;
}

/**
 * Whether an unknown top-level name of a `name: value` form in prose is worth a failure: prose
 * also shows claims (`hasgroups: true`), protocol fields (`token_type: "Bearer"`) and members of
 * what the library returns (`groupsOverage: true`). So: not a snake_case name, not a member of a
 * public type, and, for a one-word name, only when it is a near miss of an option.
 */
function looksLikeOption(name: string, catalog: OptionCatalog): boolean {
  if (name.includes('_') || catalog.members.has(name)) return false;
  if (/^[a-z0-9]+$/.test(name)) return allPaths(catalog.all).some((p) => near(name, p.at(-1) ?? ''));
  return true;
}

const DOTTED = /^[a-z][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const NAME_VALUE = /^([a-z][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\??:\s/;
const PLACEHOLDER = '__placeholder';

/** Parses `text` as a TypeScript expression; `undefined` when it does not parse. */
function parseExpression(text: string): ts.Expression | undefined {
  // `…` and a lone `...` are placeholders in prose: make them an identifier.
  const source = `(${text.replace(/…/g, PLACEHOLDER).replace(/\.\.\.(?=\s*[,)\]}]|\s*$)/g, PLACEHOLDER)});`;
  const { diagnostics } = ts.transpileModule(source, { reportDiagnostics: true, fileName: 'span.ts' });
  if (diagnostics && diagnostics.length > 0) return undefined;
  const file = ts.createSourceFile('span.ts', source, ts.ScriptTarget.ES2022, true);
  const statement = file.statements[0];
  return statement && ts.isExpressionStatement(statement) ? statement.expression : undefined;
}

function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(property)) return undefined;
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Checks the names of an object literal against the options at `path` of `tree`, and nested literals of options that hold options. */
function checkLiteral(
  literal: ts.ObjectLiteralExpression,
  tree: OptionNode,
  path: readonly string[],
  report: (message: string) => void,
  what: string,
  /** Top-level names of prose's `name: value` forms: only those that look like options count. */
  lenient?: OptionCatalog,
): void {
  for (const property of literal.properties) {
    const name = propertyName(property);
    if (name === undefined || name === PLACEHOLDER) continue;
    const childPath = [...path, name];
    const child = lookup(tree, childPath);
    if (!child) {
      if (!lenient || looksLikeOption(name, lenient)) report(unknown(tree, childPath, what));
      continue;
    }
    if (holds(child) && ts.isPropertyAssignment(property)) {
      const value = unwrap(property.initializer);
      if (ts.isObjectLiteralExpression(value)) checkLiteral(value, tree, childPath, report, what);
    }
  }
}

/** Checks the object literals passed to functions that take options, anywhere in `expression`. */
function checkCalls(expression: ts.Node, catalog: OptionCatalog, report: (message: string) => void): void {
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const params = catalog.byFunction.get(n.expression.text);
      n.arguments.forEach((argument, index) => {
        const tree = params?.get(index);
        const value = unwrap(argument);
        if (tree && ts.isObjectLiteralExpression(value)) {
          checkLiteral(value, tree, [], report, `option of ${(n.expression as ts.Identifier).text}()`);
        }
      });
    }
    n.forEachChild(visit);
  };
  visit(expression);
}

/** The option problems of one inline code span (`table`: it stands in the first column of an option table). */
export function checkSpan(span: InlineCode, catalog: OptionCatalog, table = false): string[] {
  const messages: string[] = [];
  const report = (message: string) => messages.push(message);
  const code = span.code.replace(/^(['"])(.*)\1$/, '$2');

  if (DOTTED.test(code) || (table && /^[a-z][\w$]*$/.test(code))) {
    const path = code.split('.');
    if ((table || holds(lookup(catalog.all, path.slice(0, 1)))) && !lookup(catalog.all, path)) {
      report(unknown(catalog.all, path));
    }
    return messages;
  }
  const nameValue = NAME_VALUE.exec(code);
  const callsOptions = [...catalog.byFunction.keys()].some((fn) => code.includes(`${fn}(`));
  if (!nameValue && !callsOptions) return messages;

  if (nameValue?.[1]?.includes('.')) {
    // `a.b: value`: the path alone, as a dotted path.
    const path = nameValue[1].split('.');
    if (holds(lookup(catalog.all, path.slice(0, 1))) && !lookup(catalog.all, path)) report(unknown(catalog.all, path));
    return messages;
  }
  const expression = parseExpression(nameValue ? `{ ${code} }` : code);
  if (!expression) {
    // Not an expression (a shape in prose, say): only the first name can be checked.
    const first = nameValue?.[1];
    if (first && !lookup(catalog.all, [first]) && looksLikeOption(first, catalog))
      report(unknown(catalog.all, [first]));
    return messages;
  }
  const value = unwrap(expression);
  if (nameValue && ts.isObjectLiteralExpression(value)) checkLiteral(value, catalog.all, [], report, 'option', catalog);
  checkCalls(value, catalog, report);
  return messages;
}

/** The option problems of a Markdown file's prose and tables. */
export function checkOptionMentions(doc: MarkdownDoc, catalog: OptionCatalog): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (line: number, message: string) => {
    const key = `${line}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ file: doc.file, line, message });
  };
  for (const span of doc.inlineCode) for (const message of checkSpan(span, catalog)) add(span.line, message);
  for (const table of doc.tables) {
    // A `not-options` table's first column is another library's.
    if (table.notOptions !== undefined || !/option/i.test(table.header[0] ?? '')) continue;
    for (const row of table.rows) {
      // `stores.sessionStore` / `tokenCacheStore`: a bare name after a dotted path is its sibling.
      let parent: string[] = [];
      for (const match of (row.cells[0] ?? '').matchAll(/`([^`]+)`/g)) {
        const code = match[1] ?? '';
        const bare = /^[a-z][\w$]*$/.test(code);
        const sibling = bare && parent.length > 0 && lookup(catalog.all, [...parent, code]) !== undefined;
        if (!sibling) for (const message of checkSpan({ line: row.line, code }, catalog, true)) add(row.line, message);
        if (DOTTED.test(code)) parent = code.split('.').slice(0, -1);
      }
    }
  }
  return problems;
}
