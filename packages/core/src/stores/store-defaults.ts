// The one place for the stores' defaults, a web app's and an API's alike: each port an app gives
// is checked for its methods, and a missing one is kept in process memory.
import { invalidOption } from '../domain/errors.js';
import { optionalObject, optionalObjectWith } from '../domain/option-checks.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { StoreApp } from '../ports/store-app.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';
import { inProcessRefreshLease } from './in-process-refresh-lease.js';
import { MemoryAccountRegistry } from './memory-account-registry.js';
import { MemoryInvalidationBus } from './memory-invalidation-bus.js';
import { MemoryReplayCache } from './memory-replay-cache.js';
import { MemorySessionStore } from './memory-session-store.js';
import { MemoryTokenCacheStore } from './memory-token-cache-store.js';

/** The storage ports an instance runs on. */
interface Ports {
  sessionStore: SessionStore;
  tokenCacheStore: TokenCacheStore;
  accountRegistry: AccountRegistry;
  invalidationBus: InvalidationBus;
  replayCache: ReplayCache;
  refreshLease: RefreshLease;
}

/** Each port: the methods it must have (its required ones), what it is, and its default in process memory. */
const PORTS: {
  readonly [K in keyof Ports]: { methods: readonly string[]; hint: string; memory(clock: Clock): Ports[K] };
} = {
  sessionStore: {
    methods: ['getSession', 'setSession', 'deleteSession'],
    hint: 'a SessionStore',
    memory: (clock) => new MemorySessionStore(clock),
  },
  tokenCacheStore: {
    methods: ['getPartition', 'setPartition', 'deletePartition'],
    hint: 'a TokenCacheStore',
    memory: (clock) => new MemoryTokenCacheStore(clock),
  },
  accountRegistry: {
    methods: ['recordSignIn', 'findBySid', 'findBySubject', 'touchAccount', 'forgetAccount', 'forgetSession'],
    hint: 'an AccountRegistry',
    memory: (clock) => new MemoryAccountRegistry(clock),
  },
  invalidationBus: {
    methods: ['publish', 'subscribe'],
    hint: 'an InvalidationBus',
    memory: () => new MemoryInvalidationBus(),
  },
  replayCache: {
    methods: ['has', 'putIfAbsent'],
    hint: 'a ReplayCache',
    memory: (clock) => new MemoryReplayCache(clock),
  },
  // One process needs no lease across instances: its per-account mutex keeps refreshes apart.
  refreshLease: { methods: ['acquire', 'release'], hint: 'a RefreshLease', memory: () => inProcessRefreshLease },
};

/** A set of stores as an app gives it (`stores`): any of the ports, and `forApp`. */
export type GivenStores = Partial<Ports> & { forApp?(app: StoreApp): void };

/** The ports an instance uses, each with the methods it calls. */
export type PortUse = { readonly [K in keyof Ports]?: readonly string[] };

/** A web app uses every port, and every required method of each. */
export const WEB_APP_PORTS: PortUse = Object.fromEntries(Object.entries(PORTS).map(([name, p]) => [name, p.methods]));

/**
 * An API uses three ports: the tokens it obtained on behalf of users, the registry that finds
 * them for sign-outs (never a session's methods), and the replay memory.
 */
export const API_PORTS: PortUse = {
  tokenCacheStore: PORTS.tokenCacheStore.methods,
  accountRegistry: ['recordSignIn', 'findBySid', 'findBySubject', 'forgetAccount'],
  replayCache: PORTS.replayCache.methods,
};

/**
 * The stores an app gave, checked: `stores` an object, each port the instance uses given an
 * object with the methods it calls (`invalid_option` naming `stores.<port>` otherwise), and
 * `forApp` told which app the stores serve, before any store operation (a shared store picks
 * this app's namespace). A port the instance does not use is left alone.
 */
export function givenStores(stores: unknown, app: StoreApp, uses: PortUse): GivenStores {
  const given = (optionalObject(stores as object | undefined, 'stores') ?? {}) as GivenStores;
  for (const [name, methods] of Object.entries(uses) as [keyof Ports, readonly string[]][]) {
    optionalObjectWith(given[name], `stores.${name}`, methods, PORTS[name].hint);
  }
  if (given.forApp !== undefined && typeof given.forApp !== 'function') {
    throw invalidOption('stores.forApp', 'must be a function');
  }
  given.forApp?.(app);
  return given;
}

/** The port `name` of checked `stores`, or its default in process memory. */
export function storeOrMemory<K extends keyof Ports>(stores: GivenStores, name: K, clock: Clock): Ports[K] {
  return (stores[name] as Ports[K] | undefined) ?? PORTS[name].memory(clock);
}
