// Public entry of @identity-web/core. Built up as the modules land.
import 'reflect-metadata';

export * from './domain/account.js';
export * from './domain/errors.js';
export * from './domain/logout-token.js';
export * from './domain/scopes.js';
export * from './domain/session.js';
export type { Clock } from './ports/clock.port.js';
export { systemClock } from './ports/clock.port.js';
export type * from './ports/event-sink.port.js';
export type * from './ports/identity-provider.port.js';
export type * from './ports/invalidation-bus.port.js';
export type * from './ports/logger.port.js';
export { silentLogger } from './ports/logger.port.js';
export type * from './ports/replay-cache.port.js';
export type * from './ports/session-store.port.js';
export type * from './ports/token-cache-store.port.js';
