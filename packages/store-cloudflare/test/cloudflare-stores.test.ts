import { createHash } from 'node:crypto';
import { createIdentityWeb } from '@identity-web/core';
import { ErrorCode } from '@identity-web/core/store';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createCloudflareStores } from '../src/create-cloudflare-stores.js';
import type { StateNamespace, StateStub } from '../src/state-rpc.js';

/** A namespace whose every object call fails the way an unreachable object does, and counts calls. */
function failingNamespace(): StateNamespace & { calls: string[] } {
  const calls: string[] = [];
  const stub = new Proxy({} as StateStub, {
    get: (_, method) => async () => {
      calls.push(String(method));
      throw Object.assign(new Error('Durable Object reset because its code was updated.'), { retryable: true });
    },
  });
  return { calls, getByName: () => stub };
}

/** A namespace that records every object name asked for; its objects hold nothing and take every write. */
function recordingNamespace(): StateNamespace & { names: string[] } {
  const names: string[] = [];
  const stub = { read: () => null, writeIf: async () => true } as unknown as StateStub;
  return {
    names,
    getByName: (name) => {
      names.push(name);
      return stub;
    },
  };
}

describe('createCloudflareStores', () => {
  it('refuses anything but a Durable Object namespace binding, naming the option', () => {
    for (const bad of [undefined, null, {}, { get: () => null }, 'IDENTITY_WEB_STATE']) {
      expect(() => createCloudflareStores(bad as never)).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'namespace' }),
      );
    }
  });

  it('refuses an option it does not have, suggesting the one meant', () => {
    expect(() => createCloudflareStores(failingNamespace(), { prefx: 'a:' } as never)).toThrow(
      expect.objectContaining({
        code: ErrorCode.InvalidOption,
        option: 'prefx',
        message: expect.stringContaining('did you mean "prefix"?'),
      }),
    );
  });

  it('tells createIdentityWeb its bus reaches one isolate: the session memo is off, memo: true refused', () => {
    const stores = createCloudflareStores(failingNamespace());
    expect(stores.invalidationBus.reachesEveryInstance).toBe(false);
    const options = {
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'https://app.example',
      secret: 'x'.repeat(32),
      stores,
    };
    createIdentityWeb(options).close();
    expect(() => createIdentityWeb({ ...options, session: { memo: true } })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'session.memo' }),
    );
    // Port by port, the bus still says so.
    const { sessionStore, tokenCacheStore, invalidationBus } = stores;
    expect(() =>
      createIdentityWeb({
        ...options,
        stores: { sessionStore, tokenCacheStore, invalidationBus },
        session: { memo: true },
      }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'session.memo' }));
  });

  it('refuses a prefix that is not a string, and options that are not an object', () => {
    const namespace = failingNamespace();
    expect(() => createCloudflareStores(namespace, { prefix: 42 as never })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'prefix' }),
    );
    expect(() => createCloudflareStores(namespace, 'app' as never)).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'options' }),
    );
  });

  it('reports an object that fails as store_unavailable (503), keeping the cause', async () => {
    const stores = createCloudflareStores(failingNamespace());
    const attempts = [
      stores.sessionStore.getSession('s'),
      stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60),
      stores.accountRegistry.forgetAccount('k'),
      stores.replayCache.putIfAbsent('jti', 60),
      stores.refreshLease.acquire('k', 1000),
    ];
    // Settled together: a store that hashes its key first (replay) fails a turn later than the others.
    for (const outcome of await Promise.allSettled(attempts)) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { code: ErrorCode.StoreUnavailable, status: 503, cause: expect.objectContaining({ retryable: true }) },
      });
    }
  });

  it('names a replay object by the SHA-256 of the value, 43 characters whatever its length', async () => {
    const namespace = recordingNamespace();
    const { replayCache } = createCloudflareStores(namespace, { prefix: 'app:' });
    // The core's replay key: the issuer and a `jti` as long as a logout token may carry.
    const key = `https://idp.example\u0000${'j'.repeat(16 * 1024)}`;
    expect(await replayCache.putIfAbsent(key, 60)).toBe(true);
    expect(await replayCache.has(key)).toBe(false);
    const hash = createHash('sha256').update(key).digest('base64url');
    expect(hash).toHaveLength(43);
    expect(namespace.names).toEqual([
      JSON.stringify(['app:', 'replay', hash]),
      JSON.stringify(['app:', 'replay', hash]),
    ]);
    expect(namespace.names[0]!.length).toBeLessThan(64);
  });

  it('never writes a record without a finite, positive lifetime', async () => {
    const namespace = failingNamespace();
    const stores = createCloudflareStores(namespace);
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(stores.sessionStore.setSession('s', 'r', ttl)).rejects.toMatchObject({
        code: ErrorCode.InvalidArgument,
        option: 'ttlSeconds',
      });
      await expect(stores.refreshLease.acquire('k', ttl)).rejects.toMatchObject({ option: 'ttlMs' });
    }
    expect(namespace.calls).toEqual([]);
  });
});
