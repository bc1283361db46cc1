import type { StoreSet } from '@identity-web/core/store';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';

// The storage ports an outage can take down, by their name under `stores` (written out in each
// signature rather than named: the testing entry's export budget).
const EVERY_PORT: readonly Exclude<keyof StoreSet, 'invalidationBus' | 'forApp'>[] = [
  'sessionStore',
  'tokenCacheStore',
  'accountRegistry',
  'replayCache',
  'refreshLease',
];

/**
 * A switch that takes stores down and brings them back, for tests of what a request answers
 * while a store is unreachable. Each store it wraps forwards every call while its port is up;
 * while it is down, every method rejects at once with `store_unavailable` (status 503), as the
 * Redis stores do once their client has seen the connection drop.
 *
 * @group Scenarios
 */
export class StoreOutage {
  private readonly down = new Set<Exclude<keyof StoreSet, 'invalidationBus' | 'forApp'>>();
  /** `performance.now()` when a port last went down; `null` while every port is up. */
  since: number | null = null;

  /** Takes `ports` down (every port when none is named), by their names under `stores`. */
  fail(...ports: Exclude<keyof StoreSet, 'invalidationBus' | 'forApp'>[]): void {
    for (const port of ports.length === 0 ? EVERY_PORT : ports) this.down.add(port);
    this.since = performance.now();
  }

  /** Brings every port back. */
  restore(): void {
    this.down.clear();
    this.since = null;
  }

  /** Whether `port` is down now. */
  isDown(port: Exclude<keyof StoreSet, 'invalidationBus' | 'forApp'>): boolean {
    return this.down.has(port);
  }

  /** A view of `store` whose methods fail while `port` is down; members are read at each call. */
  wrap<T extends object>(port: Exclude<keyof StoreSet, 'invalidationBus' | 'forApp'>, store: T): T {
    return new Proxy(store, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (this.down.has(port)) {
            const message = `identity-web test: ${port}.${String(key)} failed: the store is down`;
            return Promise.reject(new IdentityWebError(ErrorCode.StoreUnavailable, message));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}
