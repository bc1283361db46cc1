/**
 * A hidden place on a framework's request object (Koa's `ctx`, Hono's `c`, Express's `req`) where
 * an adapter's middleware leaves what its later middleware needs on the same request.
 *
 * The value lives in a `WeakMap` keyed by the object, not on it: no key of the object leads to it,
 * so `util.inspect` (even with `showHidden`), spreading, `Object.assign`, `JSON.stringify` and
 * `Reflect.ownKeys` never reveal it, and only code holding this slot reads or replaces it. The slot
 * belongs to the object itself: a Proxy of it, or an object inheriting from it, does not share it;
 * and it goes with the object at the end of the request. A private field stamped onto the object
 * kept all of this too, but adding one to Express's request (a Node `IncomingMessage` whose
 * prototype Express replaces) cost about 2 µs a request in a server, and two writes and a read
 * 4.6 µs against 0.5 µs for the map, measured side by side; on a plain object (Koa's, Hono's) the
 * map costs about 0.3 µs more (`pnpm bench:api` prints both).
 */
export interface RequestSlot<T> {
  /** The value set on `target` for this slot, or `undefined` when none was. */
  get(target: object): T | undefined;
  /** Sets (or replaces) the value on `target`, an object (a primitive throws a `TypeError`). */
  set(target: object, value: T): void;
}

/** Each call makes an independent slot: one slot's value is invisible to every other slot. */
export function createRequestSlot<T>(): RequestSlot<T> {
  const values = new WeakMap<object, T>();
  return {
    get: (target) => values.get(target),
    set: (target, value) => {
      values.set(target, value);
    },
  };
}
