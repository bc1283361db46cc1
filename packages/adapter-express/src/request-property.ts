// `req.auth` and `req.api`: written onto the request where that is cheap, else an accessor on Express's request prototype.

/**
 * Whether a property added to an Express request is slow on this engine. Express gives every
 * request its app's prototype (`Object.setPrototypeOf(req, app.request)`); V8 before 13 (Node 20
 * and 22) then gives each property added to that request a new hidden class: about 2.2 µs a
 * property or private field, where a WeakMap entry takes 0.15–0.2 µs. V8 13 (Node 24) adds either
 * in under 30 ns, where the WeakMap entry takes 0.28 µs.
 */
export const SLOW_TO_EXTEND = Number.parseInt(process.versions.v8 ?? '', 10) < 13;

/**
 * Sets `req[name]` for the handlers after it: a plain property, unless requests are slow to
 * extend ({@link SLOW_TO_EXTEND}, or `slow` for tests). Then the value is kept in a WeakMap and
 * read through an accessor defined once on Express's `request` (the prototype every app's
 * `app.request` inherits, whichever app mounts which), as an app extends every request; a request
 * that carries `req[name]` of its own (another middleware's, or the app's) gets the value written
 * over it, as before, and one that Express did not give its prototype gets it as its own too.
 * The WeakMap is one per name for every copy of this package in the process (a global symbol's):
 * the accessor on Express's `request` is the last copy's, and reads what any copy set.
 */
export function requestProperty<T>(name: string, slow = SLOW_TO_EXTEND): (request: object, value: T) => void {
  if (!slow) {
    return (request, value) => {
      (request as Record<string, unknown>)[name] = value;
    };
  }
  const own = (target: object, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  const key = Symbol.for(`@identity-web/express:${name}`);
  const shared: { [key: symbol]: WeakMap<object, T> | undefined } = globalThis;
  const values = shared[key] ?? new WeakMap<object, T>();
  shared[key] = values;
  const accessor = {
    configurable: true,
    get(this: object) {
      return values.get(this);
    },
    set(this: object, value: unknown) {
      own(this, value);
    },
  };
  let last: object | null = null;
  return function expose(request, value) {
    const proto = Object.getPrototypeOf(request) as object | null;
    if (proto !== last || Object.hasOwn(request, name)) {
      let base: object | null = null; // the prototype of the outermost `app.request`: Express's `request`
      for (let p = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
        if (Object.hasOwn(p, 'app')) base = Object.getPrototypeOf(p) as object | null;
      }
      if (base === null || Object.hasOwn(request, name)) return void own(request, value);
      if (Object.getOwnPropertyDescriptor(base, name)?.get !== accessor.get)
        Object.defineProperty(base, name, accessor);
      last = proto;
    }
    values.set(request, value);
  };
}
