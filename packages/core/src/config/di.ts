// tsyringe needs the Reflect metadata API before it loads; importing it here, first, means
// no entry point (or test importing a single use case) can forget it.
import 'reflect-metadata';

export { container, type DependencyContainer, inject, injectable } from 'tsyringe';
