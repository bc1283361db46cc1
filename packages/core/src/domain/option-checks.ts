// The value checks every package runs on its options at creation, in one wording: each refusal is
// an `invalid_option` error, `identity-web: "<option>" must …`, with `option` naming the option.
import { invalidOption } from './errors.js';
import { type OptionShape, refuseUnknownOptions } from './option-keys.js';

/**
 * Refuses options that are not an object, then any key `shape` does not have (see
 * {@link refuseUnknownOptions}): the first two checks of every factory that takes options.
 *
 * @group Option checks
 */
export function checkOptionsObject(options: unknown, shape: OptionShape, owner: string): asserts options is object {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'must be an object');
  refuseUnknownOptions(options, shape, owner);
}

/**
 * The numbers a numeric option accepts; bounds are inclusive except `above`.
 *
 * @group Option checks
 */
export interface NumberRange {
  /** The least value accepted. */
  readonly min?: number;
  /** A value the option must exceed (`above: 0`: any positive number). */
  readonly above?: number;
  /** The greatest value accepted. */
  readonly max?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** What the bound means, shown in parentheses after it: `ten minutes`. */
  readonly note?: string;
}

function expected(range: NumberRange): string {
  const { min, above, max, integer, note } = range;
  const low = min !== undefined ? (max !== undefined ? `from ${min} to ${max}` : `of ${min} or more`) : undefined;
  const bounds =
    low ??
    [above !== undefined && `above ${above}`, max !== undefined && `at most ${max}`].filter(Boolean).join(' and ');
  return `must be ${integer ? 'a whole number' : 'a number'}${bounds ? ` ${bounds}` : ''}${note ? ` (${note})` : ''}`;
}

/**
 * A finite number within `range`, or `fallback` when the option is left out.
 *
 * @group Option checks
 */
export function optionalNumber(value: unknown, option: string, fallback: number, range: NumberRange): number {
  if (value === undefined) return fallback;
  const { min, above, max, integer } = range;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (integer === true && !Number.isInteger(value)) ||
    (min !== undefined && value < min) ||
    (above !== undefined && value <= above) ||
    (max !== undefined && value > max)
  ) {
    throw invalidOption(option, expected(range));
  }
  return value;
}

/**
 * `true` or `false`, or `fallback` when the option is left out.
 *
 * @group Option checks
 */
export function optionalBoolean(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOption(option, 'must be a boolean');
  return value;
}

/**
 * A string with more than white space in it.
 *
 * @group Option checks
 */
export function requiredString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(option, 'must be a non-empty string');
  return value;
}

/**
 * A string with more than white space in it (any string with `allowEmpty`), or `undefined` when left out.
 *
 * @group Option checks
 */
export function optionalString(
  value: unknown,
  option: string,
  how: { readonly allowEmpty?: boolean } = {},
): string | undefined {
  if (value === undefined) return undefined;
  if (how.allowEmpty === true) {
    if (typeof value !== 'string') throw invalidOption(option, 'must be a string');
    return value;
  }
  return requiredString(value, option);
}

/**
 * An array of strings with more than white space in each, or `undefined` when left out.
 *
 * @group Option checks
 */
export function optionalStringList(value: unknown, option: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw invalidOption(option, 'must be an array of non-empty strings');
  }
  return value;
}

/**
 * A function, or `undefined` when left out.
 *
 * @group Option checks
 */
export function optionalFunction<T>(value: T | undefined, option: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(option, 'must be a function');
  return value;
}

/**
 * An object (an option group such as `logoutToken`), or `undefined` when left out.
 *
 * @group Option checks
 */
export function optionalObject<T extends object>(value: T | undefined, option: string): T | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw invalidOption(option, 'must be an object');
  }
  return value;
}

/**
 * An object with each of `methods` (a clock, a logger, a client), or `undefined` when left out;
 * `hint` says what fits, after the method names.
 *
 * @group Option checks
 */
export function optionalObjectWith<T extends object>(
  value: unknown,
  option: string,
  methods: readonly string[],
  hint: string,
): T | undefined {
  if (value === undefined) return undefined;
  const target = value as Record<string, unknown> | null;
  if (typeof value !== 'object' || target === null || methods.some((m) => typeof target[m] !== 'function')) {
    const named = methods.map((m) => `${m}()`);
    const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0];
    throw invalidOption(option, `must be an object with the method${named.length > 1 ? 's' : ''} ${list} (${hint})`);
  }
  return value as T;
}

/** Most often an unset environment variable, which the message says (as for an IdP's `clientSecret`). */
const UNSET_SECRET =
  'is undefined (an unset environment variable?): give at least 32 random characters, the same on every instance';

/**
 * The one secret rule, of a web app and of an API: `secret` is one string or a list (the first
 * seals, all open), each of 32 characters or more. `secret: undefined` written out is an unset
 * environment variable, refused as such; left out, it is `undefined` (an API without one obtains
 * no tokens on behalf of its callers) unless `required`.
 */
export function secretsOption(options: { readonly secret?: unknown }, required: true): readonly string[];
export function secretsOption(options: { readonly secret?: unknown }, required: false): readonly string[] | undefined;
export function secretsOption(
  options: { readonly secret?: unknown },
  required: boolean,
): readonly string[] | undefined {
  const { secret } = options;
  if (secret === undefined && Object.hasOwn(options, 'secret')) throw invalidOption('secret', UNSET_SECRET);
  if (secret === undefined && !required) return undefined;
  const secrets: unknown = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw invalidOption('secret', 'must be a string or a non-empty list of strings');
  }
  secrets.forEach((s: unknown, i) => {
    if (s === undefined) throw invalidOption(`secret[${i}]`, UNSET_SECRET);
    if (typeof s !== 'string' || s.length < 32) {
      throw invalidOption('secret', 'must be at least 32 characters (use a random value)');
    }
  });
  return secrets as readonly string[];
}

/** How a list of allowed values reads in a message: `"query" or "form_post"`, `"auto", "always" or false`. */
function either(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : (shown[0] ?? 'nothing');
}

/**
 * One of `allowed`, compared with `===`.
 *
 * @group Option checks
 */
export function oneOf<const T>(value: unknown, option: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalidOption(option, `must be ${either(allowed)}`);
  return value as T;
}

/** Hosts on which plain http stays on the machine: RFC 6761 §6.3 (`localhost`) and the loopback addresses. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute https URL without a query, a fragment or credentials (nothing a path could be
 * appended to, nothing that would be logged with a secret in it); with `loopbackHttp`, plain http
 * to `localhost`, `127.0.0.1` and `[::1]` too, for local servers. Without it, `allowedBy` names
 * the option that allows such a server, for the message (`allowInsecureRequests: true`).
 *
 * @group Option checks
 */
export function httpsUrl(
  value: unknown,
  option: string,
  how: { readonly loopbackHttp?: boolean; readonly allowedBy?: string } = {},
): URL {
  const loopbackHttp = how.loopbackHttp === true;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
  const local = url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  const allowed = url?.protocol === 'https:' || (loopbackHttp && local);
  if (url === null || !allowed) {
    // A local test server over plain http, refused until the option that allows it is set: name it.
    const hint = loopbackHttp
      ? ' (plain http only for localhost, 127.0.0.1 or [::1])'
      : local && how.allowedBy !== undefined
        ? `: plain http to a server on this machine needs ${how.allowedBy}`
        : '';
    throw invalidOption(option, `must be an https URL${hint}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw invalidOption(option, 'must not have a query, a fragment or credentials');
  }
  return url;
}
