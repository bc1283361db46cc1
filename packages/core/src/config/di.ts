// tsyringe needs the Reflect metadata API before it loads; importing it here, first, means
// no entry point (or test importing a single use case) can forget it. (Both files are listed
// under `sideEffects` in package.json: this one too, or webpack would take the decorators
// straight from tsyringe, skipping this file and the import below, and tsyringe would refuse to
// load. Next.js's webpack build did.)
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
