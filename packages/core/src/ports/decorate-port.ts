// Wraps a port: a view of an implementation that forwards every member except the ones replaced.

/** Replacements for some members of a port `T`, each of the member's own type. */
export type PortOverrides<T> = { readonly [K in keyof T]?: NonNullable<T[K]> };

/**
 * A view of `target` with the members in `overrides` replaced, for the core's wrappers of a port
 * (timing, account keys). Everything else passes through, members the port gains later included:
 * wrappers that listed the members one by one drifted apart (one dropped `clientId`).
 *
 * - A member not replaced is read from `target` at each access: a property has its current
 *   value, a method comes bound to `target` (the same function at each read while it is the same).
 * - A replaced member is there exactly when `target` has it, so an optional capability the target
 *   lacks (`revoke?`) stays absent: `'revoke' in view` and `view.revoke` answer as for the target.
 * - The view is read-only: an assignment to it fails (a TypeError in strict code), changing neither.
 */
export function decoratePort<T extends object>(target: T, overrides: NoInfer<PortOverrides<T>>): T {
  const replaced = new Map<PropertyKey, unknown>(Object.entries(overrides));
  // biome-ignore lint/complexity/noBannedTypes: any method of the target, whatever its signature
  const bound = new WeakMap<Function, Function>();
  const read = (key: PropertyKey): unknown => {
    const value: unknown = Reflect.get(target, key);
    if (value === undefined) return undefined;
    if (replaced.has(key)) return replaced.get(key);
    if (typeof value !== 'function') return value;
    const known = bound.get(value);
    if (known !== undefined) return known;
    const method = value.bind(target) as typeof value;
    bound.set(value, method);
    return method;
  };
  // The proxy's own target is an empty stand-in, never `target`: a frozen implementation would
  // otherwise forbid reporting a replaced member (the invariants of ECMA-262 §10.5.8 [[Get]]).
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => read(key),
    has: (_, key) => Reflect.has(target, key),
    ownKeys: () => Reflect.ownKeys(target),
    getOwnPropertyDescriptor: (_, key) => {
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      return own && { value: read(key), writable: false, enumerable: own.enumerable, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
