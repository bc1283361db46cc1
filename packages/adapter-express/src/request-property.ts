// What Express's handlers read as properties of the request (`req.auth`, `req.api`), served by an accessor on the app's request prototype.

/**
 * Makes `req[name]` read `read(req)` on the requests of every Express app it is called with: the
 * accessor goes on the app's `app.request` (the outermost prototype of the request that carries
 * `app`, which the requests of its sub-apps inherit too), once per app. An app that assigns
 * `req[name]` itself gets an own property, as a plain property would take it; a request Express
 * has not given a prototype of its own gets `value` as an own property instead.
 *
 * Why not a plain property: Express gives every request its app's prototype
 * (`Object.setPrototypeOf(req, app.request)`), after which V8 gives each property added to that
 * request a new hidden class: about 3 µs per property, where the same store on a Koa context
 * takes some 20 ns. An accessor defined once per app costs nothing per request.
 */
export function requestProperty<T>(
  name: string,
  read: (request: object) => T | undefined,
): (request: object, value: T) => void {
  const own = (target: object, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  const accessor = {
    configurable: true,
    get(this: object) {
      return read(this);
    },
    set(this: object, value: unknown) {
      own(this, value);
    },
  };
  let last: object | null = null;
  return function expose(request, value) {
    const proto = Object.getPrototypeOf(request) as object | null;
    if (proto !== null && proto === last) return;
    let app: object | null = null;
    for (let p = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) if (Object.hasOwn(p, 'app')) app = p;
    if (app === null) return void own(request, value);
    if (Object.getOwnPropertyDescriptor(app, name)?.get !== accessor.get) Object.defineProperty(app, name, accessor);
    last = proto;
  };
}
