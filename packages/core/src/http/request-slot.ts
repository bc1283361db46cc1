/**
 * A hidden place on a framework's request object (Koa's `ctx`, Hono's `c`) where an adapter's
 * middleware leaves what its later middleware needs on the same request.
 *
 * The value is a JavaScript private field stamped onto the object, not a property: no key of
 * the object leads to it, so `util.inspect` (even with `showHidden`), spreading, `Object.assign`,
 * `JSON.stringify` and `Reflect.ownKeys` never reveal it, and only code holding this slot reads
 * or replaces it (a debugger attached to the process sees private fields, as it sees closures).
 * The slot belongs to the object itself: a Proxy of it, or an object inheriting from it, does not
 * share it. A store to it costs what a plain property store costs (`Object.defineProperty` a
 * runtime call per request), and it goes with the object at the end of the request. A `WeakMap`
 * keyed by the request, tried in its place, made every adapter slower under HTTP load (Koa's
 * signed-in route from 92–94 % of its bare route to 59 %), likely because the value leads back to
 * the request, making each entry an ephemeron the garbage collector traces again as they pile up;
 * a micro-benchmark of fresh requests had favoured the map on Express's request (docs/performance.md).
 */
export interface RequestSlot<T> {
  /** The value set on `target` for this slot, or `undefined` when none was. */
  get(target: object): T | undefined;
  /**
   * Sets (or replaces) the value on `target`, an object (a primitive throws a `TypeError`). Pass
   * an extensible one: engines may come to refuse private fields on frozen or sealed objects.
   */
  set(target: object, value: T): void;
}

/** Each call makes an independent slot: one slot's value is invisible to every other slot. */
export function createRequestSlot<T>(): RequestSlot<T> {
  // A class constructor that returns an object makes `this` of a derived class that object, so
  // the derived class's private field is added to it (ECMAScript 2022, "return override").
  class Target {
    constructor(target: object) {
      // biome-ignore lint/correctness/noConstructorReturn: the return override is the technique
      return target;
    }
  }
  class Stamp extends Target {
    #value: T;
    constructor(target: object, value: T) {
      super(target);
      this.#value = value;
    }
    static read(target: object): T | undefined {
      return #value in target ? (target as Stamp).#value : undefined;
    }
    static write(target: object, value: T): void {
      if (#value in target) (target as Stamp).#value = value;
      else new Stamp(target, value);
    }
  }
  return { get: Stamp.read, set: Stamp.write };
}
