// createCloudflareStores: the store set of an identity-web instance in a Worker, on Durable Objects.

import { checkOptionsObject, invalidOption, optionalString, type ShapeOf } from '@identity-web/core/provider';
import { type InvalidationBus, MemoryInvalidationBus, type StoreSet } from '@identity-web/core/store';
import type { StateNamespace } from './state-rpc.js';
import { DurableAccountRegistry } from './stores/durable-account-registry.js';
import { DurableRefreshLease } from './stores/durable-refresh-lease.js';
import { DurableReplayCache } from './stores/durable-replay-cache.js';
import { DurableSessionStore } from './stores/durable-session-store.js';
import { DurableTokenCacheStore } from './stores/durable-token-cache-store.js';
import { StateObjects } from './stores/state-objects.js';

/**
 * Options of {@link createCloudflareStores}.
 *
 * @example
 * ```ts
 * import { env } from 'cloudflare:workers';
 * import { createCloudflareStores } from '@identity-web/cloudflare';
 *
 * // Staging and production on one binding, apart.
 * const stores = createCloudflareStores(env.IDENTITY_WEB_STATE, { prefix: 'staging:' });
 * ```
 *
 * @group Setup
 */
export interface CloudflareStoresOptions {
  /**
   * Put before the name of every object, so several apps or environments can share one binding
   * without seeing each other's records. Default `''`.
   */
  prefix?: string;
}

const OPTION_SHAPE: ShapeOf<CloudflareStoresOptions> = { prefix: true };

/** The bus of one isolate, which says that it reaches no other. */
class IsolateInvalidationBus extends MemoryInvalidationBus {
  readonly reachesEveryInstance = false as const;
}

/**
 * An invalidation bus that reaches its own isolate only, and says so.
 *
 * @group Setup
 */
export interface IsolateBus extends InvalidationBus {
  /** Always `false`: a Worker isolate cannot be sent a message. */
  readonly reachesEveryInstance: false;
}

/**
 * Every storage port of `createIdentityWeb({ stores })`, on Durable Objects (one refresh per
 * account at a time across isolates), but the invalidation bus.
 *
 * @group Setup
 */
export interface CloudflareStores extends StoreSet {
  /**
   * In this isolate's memory: isolates cannot be sent messages. It says so
   * (`reachesEveryInstance: false`), so `createIdentityWeb` turns its session memo off — every
   * request reads its session from its object — and refuses `session.memo: true`, whether the
   * stores are passed whole or port by port.
   */
  readonly invalidationBus: IsolateBus;
}

/**
 * The stores of an identity-web instance in a Worker, on the `IdentityWebDurableObject` Durable Object:
 * sessions, token-cache partitions (compare-and-set inside one object), the account registry,
 * logout-token replay memory and refresh leases, each strongly consistent across every isolate.
 *
 * The invalidation bus reaches only the isolate it runs in: a Worker isolate cannot be sent a
 * message. It needs no more, because every request reads its session from its object, and
 * every removal ends the account's sessions there: the next request of that user, in any
 * isolate, has no session and gets no token.
 *
 * @example
 * ```ts
 * import { env } from 'cloudflare:workers';
 * import { createCloudflareStores } from '@identity-web/cloudflare';
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * export { IdentityWebDurableObject } from '@identity-web/cloudflare'; // the class the binding names
 *
 * const identity = createIdentityWeb({
 *   identityProvider: createOidcProvider({
 *     issuer: env.OIDC_ISSUER,
 *     clientId: env.OIDC_CLIENT_ID,
 *     clientSecret: env.OIDC_CLIENT_SECRET,
 *   }),
 *   baseUrl: env.APP_URL,
 *   secret: env.APP_SECRET,
 *   stores: createCloudflareStores(env.IDENTITY_WEB_STATE),
 * });
 * ```
 *
 * @see https://developers.cloudflare.com/durable-objects/
 *
 * @group Setup
 */
export function createCloudflareStores(
  namespace: StateNamespace,
  options: CloudflareStoresOptions = {},
): CloudflareStores {
  if (typeof (namespace as Partial<StateNamespace> | undefined)?.getByName !== 'function') {
    throw invalidOption(
      'namespace',
      'must be the Durable Object namespace bound to IdentityWebDurableObject (e.g. env.IDENTITY_WEB_STATE)',
    );
  }
  checkOptionsObject(options, OPTION_SHAPE, 'createCloudflareStores');
  const prefix = optionalString(options.prefix, 'prefix', { allowEmpty: true }) ?? '';
  const objects = new StateObjects(namespace, prefix);
  return {
    sessionStore: new DurableSessionStore(objects),
    tokenCacheStore: new DurableTokenCacheStore(objects),
    accountRegistry: new DurableAccountRegistry(objects),
    replayCache: new DurableReplayCache(objects),
    invalidationBus: new IsolateInvalidationBus(),
    refreshLease: new DurableRefreshLease(objects),
  };
}
