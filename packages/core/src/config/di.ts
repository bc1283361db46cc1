// tsyringe needs the Reflect metadata API before it loads; importing it here, first, means
// no entry point (or test importing a single use case) can forget it. (A file with side effects:
// package.json lists it under `sideEffects`, so no bundler drops this import.)
import './reflect-metadata.js';

import type { DependencyContainer } from 'tsyringe';

export { container, type DependencyContainer, inject, injectable } from 'tsyringe';

// Each instance's child container, for the core's own tests only: no tsyringe type is public.
const containers = new WeakMap<object, DependencyContainer>();

/** Links an instance to its container (the composition root calls this once per instance). */
export function rememberContainer(instance: object, c: DependencyContainer): void {
  containers.set(instance, c);
}

/** The instance's DI container. Internal: reached by relative import from the core's tests. */
export function containerOf(instance: object): DependencyContainer {
  const c = containers.get(instance);
  if (!c) throw new TypeError('not an identity-web instance');
  return c;
}
