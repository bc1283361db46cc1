// The part of the Reflect metadata API that tsyringe calls (it refuses to load without
// `Reflect.getMetadata`), hand-written for the edge bundle's size in place of reflect-metadata.
// Installed only when no implementation is there: an app that loads reflect-metadata first keeps
// it, and one that loads it later still reads what was defined here (reflect-metadata 0.2 takes a
// previous implementation over through getOwnMetadataKeys, hasOwnMetadata and getOwnMetadata).
// tsyringe reads metadata only while its decorators run, so an implementation swapped in later
// changes nothing for the classes already decorated.

type Property = string | symbol | undefined;

const store = new WeakMap<object, Map<Property, Map<unknown, unknown>>>();

/** The metadata of `target` (and `property`), created on demand. */
function own(target: object, property: Property, create = false): Map<unknown, unknown> | undefined {
  let properties = store.get(target);
  if (!properties) {
    if (!create) return undefined;
    properties = new Map();
    store.set(target, properties);
  }
  let metadata = properties.get(property);
  if (!metadata && create) {
    metadata = new Map();
    properties.set(property, metadata);
  }
  return metadata;
}

/** The prototype chain of `target`, itself first. */
function* chain(target: object): Generator<object> {
  for (let at: object | null = target; at !== null; at = Object.getPrototypeOf(at)) yield at;
}

/** The API installed. Plain functions, never `this`: reflect-metadata calls a previous one's unbound. */
export const metadataApi = {
  defineMetadata: (key: unknown, value: unknown, target: object, property?: Property): void => {
    own(target, property, true)?.set(key, value);
  },
  hasOwnMetadata: (key: unknown, target: object, property?: Property): boolean =>
    own(target, property)?.has(key) ?? false,
  getOwnMetadata: (key: unknown, target: object, property?: Property): unknown => own(target, property)?.get(key),
  getOwnMetadataKeys: (target: object, property?: Property): unknown[] => [...(own(target, property)?.keys() ?? [])],
  deleteMetadata: (key: unknown, target: object, property?: Property): boolean =>
    own(target, property)?.delete(key) ?? false,
  hasMetadata: (key: unknown, target: object, property?: Property): boolean =>
    [...chain(target)].some((at) => metadataApi.hasOwnMetadata(key, at, property)),
  getMetadata: (key: unknown, target: object, property?: Property): unknown => {
    for (const at of chain(target))
      if (metadataApi.hasOwnMetadata(key, at, property)) return metadataApi.getOwnMetadata(key, at, property);
    return undefined;
  },
  metadata:
    (key: unknown, value: unknown) =>
    (target: object, property?: Property): void =>
      metadataApi.defineMetadata(key, value, target, property),
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect.getMetadata !== 'function') {
  for (const [name, value] of Object.entries(metadataApi))
    Object.defineProperty(Reflect, name, { configurable: true, writable: true, value });
}
