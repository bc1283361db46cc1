import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type {
  AccountRegistry,
  RefreshLease,
  ReplayCache,
  SessionStore,
  TokenCacheStore,
} from '@identity-web/core/store';
import type { StoreSetFactory } from '@identity-web/core/testing';
import { Miniflare } from 'miniflare';
import { createCloudflareStores } from '../src/create-cloudflare-stores.js';
import type { StateNamespace } from '../src/state-rpc.js';
import { bundleWorker, foreignImportsOf } from './workerd/bundle.js';

const WORKER = fileURLToPath(new URL('./workerd/stores.worker.ts', import.meta.url));

/** workerd (through Miniflare) running the stores worker, with the object class bound as in production. */
export async function startStoresWorker(): Promise<Miniflare> {
  const { code, metafile } = await bundleWorker(WORKER);
  const foreign = foreignImportsOf(metafile);
  if (foreign.length > 0) throw new Error(`the stores worker imports ${foreign.join(', ')}`);
  return new Miniflare({
    modules: true,
    script: code,
    compatibilityDate: '2026-04-01',
    durableObjects: { IDENTITY_WEB_STATE: { className: 'InspectableState', useSQLite: true } },
  });
}

async function post(mf: Miniflare, path: string, prefix: string, args: unknown[]): Promise<unknown> {
  const response = await mf.dispatchFetch(`http://stores.test${path}`, {
    method: 'POST',
    body: JSON.stringify({ prefix, args }),
  });
  const body = (await response.json()) as { result?: unknown; error?: string; message?: string };
  if (!response.ok) throw Object.assign(new Error(body.message ?? body.error), { code: body.error });
  return body.result;
}

/**
 * A port whose every method is a call into the stores worker: the contract suites run on Node and
 * the store code they test runs in workerd. `undefined` results come back as `null` (JSON).
 */
export function remotePort<S extends object>(mf: Miniflare, port: string, prefix: string): S {
  return new Proxy({} as S, {
    get: (_, method) =>
      // `then` must stay undefined, or awaiting the port would call into the worker.
      typeof method !== 'string' || method === 'then'
        ? undefined
        : (...args: unknown[]) => post(mf, `/${port}/${method}`, prefix, args),
  });
}

// The bus of a set lives in the isolate's memory and never calls an object: its namespace is this.
const NO_OBJECTS: StateNamespace = {
  getByName: () => {
    throw new Error('the invalidation bus reaches no Durable Object');
  },
};

/**
 * A fresh store set per test (its own name prefix): each durable store a port into the worker,
 * with real waits, as time passes in the objects. The invalidation bus of `createCloudflareStores` runs
 * here: it is in-isolate memory, the same code in workerd as on Node.
 */
export function remoteStoreSet(mf: () => Miniflare): StoreSetFactory {
  return async () => {
    const prefix = randomUUID();
    return {
      stores: {
        sessionStore: remotePort<SessionStore>(mf(), 'sessionStore', prefix),
        tokenCacheStore: remotePort<TokenCacheStore>(mf(), 'tokenCacheStore', prefix),
        accountRegistry: remotePort<AccountRegistry>(mf(), 'accountRegistry', prefix),
        replayCache: remotePort<ReplayCache>(mf(), 'replayCache', prefix),
        refreshLease: remotePort<RefreshLease>(mf(), 'refreshLease', prefix),
        invalidationBus: createCloudflareStores(NO_OBJECTS).invalidationBus,
      },
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  };
}

/** What an object holds in storage: its keys and its alarm. */
export async function storageOf(mf: Miniflare, name: string): Promise<{ keys: string[]; alarm: number | null }> {
  return (await post(mf, '/storage/', '', [name])) as { keys: string[]; alarm: number | null };
}

/** Makes the object's entry removals fail (`true`) or work again (`false`). */
export async function failRemovals(mf: Miniflare, name: string, on: boolean): Promise<void> {
  await post(mf, '/fail/', '', [name, on]);
}
