// Refuses an unknown option key at any depth, naming the option it most likely meant.
import leven from 'leven';
import { invalidOption } from './errors.js';

/**
 * Makes the error for an unknown key: `invalid_option` for factories' options.
 *
 * @group Option checks
 */
export type UnknownOptionError = (option: string, message: string) => Error;

/**
 * An object whose keys are checked against `shape` leniently: a store set
 * (`createRedisStores(...)`) carries members of its own, such as `close`, beside its ports, so
 * only an unknown key that looks like a known one (`sesionStore`, `forapp`) is refused.
 *
 * @group Option checks
 */
export class WithMethods<S extends OptionShape = OptionShape> {
  /** @param shape - the keys the object may have besides its methods */
  constructor(
    /** The keys the object may have besides its methods. */
    readonly shape: S,
  ) {}
}

/**
 * What an option may hold: `true` for any value, a nested shape for an object whose keys are checked too.
 *
 * @group Option checks
 */
export type OptionRule = true | OptionShape | WithMethods;

/**
 * The keys an options object may have, and what each holds.
 *
 * @group Option checks
 */
export interface OptionShape {
  readonly [key: string]: OptionRule;
}

/**
 * A shape that names every key of `T`, no more and no fewer, so the list of accepted keys
 * cannot drift from the documented option type: a key added to the type and not here, or a
 * key here that the type lacks, is a compile error — at every depth. A map whose keys are the
 * app's own (`identityProviders`) takes `true`: its values are checked where they are made.
 *
 * @group Option checks
 */
export type ShapeOf<T> = { readonly [K in keyof Required<T>]-?: RuleOf<NonNullable<T[K]>> };
/**
 * The rule {@link ShapeOf} asks for an option of type `V`: a nested shape for an object, `true` for anything else.
 *
 * @group Option checks
 */
export type RuleOf<V> = V extends (...args: never[]) => unknown
  ? true
  : V extends readonly unknown[]
    ? true
    : V extends object
      ? string extends keyof V
        ? true
        : true | ShapeOf<V> | WithMethods<ShapeOf<V>>
      : true;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The nested shape of a rule, if it has one whose keys are options (not a map's free keys). */
function nestedShape(rule: OptionRule | undefined): OptionShape | undefined {
  if (rule === undefined || rule === true) return undefined;
  return rule instanceof WithMethods ? rule.shape : rule;
}

/** Every option path the shape accepts, for suggestions across levels (`cookieName` → `session.cookieName`). */
function allPaths(shape: OptionShape, prefix: string): string[] {
  const paths: string[] = [];
  for (const [key, rule] of Object.entries(shape)) {
    const path = `${prefix}${key}`;
    paths.push(path);
    const nested = nestedShape(rule);
    if (nested !== undefined) paths.push(...allPaths(nested, `${path}.`));
  }
  return paths;
}

/**
 * The name a key most likely meant among `names`: the nearest by edit distance (at most 2, or a
 * third of a longer key), else one it shortens or lengthens (`refreshSkew`, `ttl`).
 */
function closest(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.round(key.length / 3)) + 1;
  for (const name of names) {
    const d = leven(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  if (best !== undefined) return best;
  const prefixed = names.find((name) => {
    const known = name.toLowerCase();
    return Math.min(known.length, lower.length) >= 3 && (known.startsWith(lower) || lower.startsWith(known));
  });
  // One stem, another ending (`migrations` → `migrate`): a long shared start.
  return prefixed ?? names.find((name) => sharesStem(lower, name.toLowerCase()));
}

/** At least 5 leading characters in common, and at least 3/4 of the shorter name. */
function sharesStem(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 5 && common * 4 >= Math.min(a.length, b.length) * 3;
}

/**
 * The known key a typo most likely meant:
 * - the same key in another case (`baseURL` → `baseUrl`);
 * - a flattened nested option (`sessionMemo`, `session_ttl` → `session.memo`, `session.ttlSeconds`);
 * - the same name one level down (`sessionStore` → `stores.sessionStore`);
 * - a near name (`cookeName` → `cookieName`, `refreshSkew` → `refreshSkewSeconds`, `migrations` → `migrate`).
 */
function suggestion(key: string, shape: OptionShape, prefix: string, root: OptionShape): string | undefined {
  const siblings = Object.keys(shape);
  const lower = key.toLowerCase();
  const sameCase = siblings.find((name) => name.toLowerCase() === lower);
  if (sameCase !== undefined) return `${prefix}${sameCase}`;
  for (const name of siblings) {
    const nested = nestedShape(shape[name]);
    if (nested === undefined || !lower.startsWith(name.toLowerCase())) continue;
    const rest = key.slice(name.length).replace(/^[._-]/, '');
    const inner = rest === '' ? undefined : closest(rest, Object.keys(nested));
    if (inner !== undefined) return `${prefix}${name}.${inner}`;
  }
  const elsewhere = allPaths(root, '').filter((path) => path.toLowerCase().endsWith(`.${lower}`));
  if (elsewhere.length > 0) return elsewhere.map((path) => `"${path}"`).join(' or ');
  const near = closest(key, siblings);
  return near === undefined ? undefined : `${prefix}${near}`;
}

/**
 * In a store set ({@link WithMethods}), an unknown key is refused only when it looks like one of
 * the known ones (`sesionStore`, `forapp`): a set may carry members of its own (`close`, a
 * client, a namespace) beside its ports.
 */
function nearSibling(key: string, shape: OptionShape): string | undefined {
  const siblings = Object.keys(shape);
  return siblings.find((name) => name.toLowerCase() === key.toLowerCase()) ?? closest(key, siblings);
}

/** A key as a message shows it: at most 64 characters. */
function shown(path: string): string {
  return path.length > 64 ? `${path.slice(0, 61)}...` : path;
}

interface Context {
  readonly owner: string;
  readonly root: OptionShape;
  readonly error: UnknownOptionError;
}

function check(value: Record<string, unknown>, shape: OptionShape, prefix: string, context: Context, methods = false) {
  for (const key of Object.keys(value)) {
    const rule = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (rule === undefined) {
      const sibling = methods ? nearSibling(key, shape) : undefined;
      if (methods && sibling === undefined) continue;
      const near = sibling === undefined ? suggestion(key, shape, prefix, context.root) : `${prefix}${sibling}`;
      const meant = near === undefined ? '' : `: did you mean ${near.startsWith('"') ? near : `"${near}"`}?`;
      throw context.error(shown(`${prefix}${key}`), `is not an option of ${context.owner}${meant}`);
    }
    const nested = value[key];
    if (rule === true || !isPlainObject(nested)) continue;
    if (rule instanceof WithMethods) check(nested, rule.shape, `${prefix}${key}.`, context, true);
    else check(nested, rule, `${prefix}${key}.`, context);
  }
}

/**
 * Refuses a key the options of `owner` do not have, at any depth, with `invalid_option` naming
 * its path and the option it most likely meant: a misspelt option is otherwise ignored without
 * a word, and its default silently applies. Values are not checked here; the owner does that.
 * Only plain objects are looked into (a store instance, a class, an array pass as they are).
 *
 * @example refuseUnknownOptions(options, OPTION_SHAPE, 'createIdentityWeb')
 *
 * @group Option checks
 */
export function refuseUnknownOptions(
  options: unknown,
  shape: OptionShape,
  owner: string,
  error: UnknownOptionError = invalidOption,
): void {
  if (isPlainObject(options)) check(options, shape, '', { owner, root: shape, error });
}
