// What `requireAuth` and `protectApi` ask of scopes and roles, read one way by both: a list is
// every one of its names, `{ anyOf }` at least one of them.

/**
 * Scopes or roles a route asks for: a list means every one of them; `{ anyOf: [...] }` at least
 * one. The same on `requireAuth` (a web session) and `protectApi` (an API's access token), whose
 * options spell this type out.
 */
export type RequiredNames = readonly string[] | { readonly anyOf: readonly string[] };

/** The names a rule lists, whichever its form. */
export function namesOf(rule: RequiredNames): readonly string[] {
  return isAnyOf(rule) ? rule.anyOf : rule;
}

function isAnyOf(rule: RequiredNames): rule is { readonly anyOf: readonly string[] } {
  return !Array.isArray(rule);
}

/** Whether `held` meets `rule`: every listed name, or one of `anyOf`. */
export function meetsNames(held: readonly unknown[], rule: RequiredNames): boolean {
  return isAnyOf(rule) ? rule.anyOf.some((name) => held.includes(name)) : rule.every((name) => held.includes(name));
}

/** What a rule asks, in words: `the scopes: a b`, or `one of the scopes: a b`. */
export function namesWanted(rule: RequiredNames, kind: 'scopes' | 'roles'): string {
  return `${isAnyOf(rule) ? 'one of ' : ''}the ${kind}: ${namesOf(rule).join(' ')}`;
}

/**
 * Why `value` is no rule (a non-empty list of non-empty strings, or `{ anyOf }` holding one), or
 * `undefined` when it is one (or is not given).
 */
export function requiredNamesProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const anyOf = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (anyOf && Object.keys(value).some((key) => key !== 'anyOf')) {
    return 'must be a list (every one of them) or { anyOf: [...] } (one of them)';
  }
  const names: unknown = anyOf ? (value as { anyOf?: unknown }).anyOf : value;
  const wrong = 'must be a list of non-empty strings (every one of them) or { anyOf: [...] } (one of them)';
  if (!Array.isArray(names)) return wrong;
  if (names.length === 0) return 'must not be empty';
  // An index loop, not `every`: a hole (`new Array(1)`) is no name, and `every` skips it.
  for (let i = 0; i < names.length; i++) {
    const name: unknown = names[i];
    if (typeof name !== 'string' || name.trim() === '') return wrong;
  }
  return undefined;
}

/**
 * A copy of a rule that {@link requiredNamesProblem} passed, frozen: the route keeps what it was
 * given when it was made, whatever later happens to the caller's list (emptied, a getter, a Proxy).
 */
export function frozenNames(rule: RequiredNames): RequiredNames {
  const names = Object.freeze([...namesOf(rule)]);
  return isAnyOf(rule) ? Object.freeze({ anyOf: names }) : names;
}
