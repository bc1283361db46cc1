import { ErrorCode } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { cloudflareStores } from '../src/cloudflare-stores.js';
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

describe('cloudflareStores', () => {
  it('refuses anything but a Durable Object namespace binding, naming the option', () => {
    for (const bad of [undefined, null, {}, { get: () => null }, 'IDENTITY_WEB_STATE']) {
      expect(() => cloudflareStores(bad as never)).toThrow(
        expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'namespace' }),
      );
    }
  });

  it('refuses a prefix that is not a string, and options that are not an object', () => {
    const namespace = failingNamespace();
    expect(() => cloudflareStores(namespace, { prefix: 42 as never })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'prefix' }),
    );
    expect(() => cloudflareStores(namespace, 'app' as never)).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'options' }),
    );
  });

  it('reports an object that fails as store_unavailable (503), keeping the cause', async () => {
    const stores = cloudflareStores(failingNamespace());
    const attempts = [
      stores.sessionStore.getSession('s'),
      stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60),
      stores.accountRegistry.forgetAccount('k'),
      stores.replayCache.putIfAbsent('jti', 60),
      stores.refreshLease.acquire('k', 1000),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({
        code: ErrorCode.StoreUnavailable,
        status: 503,
        cause: expect.objectContaining({ retryable: true }),
      });
    }
  });

  it('never writes a record without a finite, positive lifetime', async () => {
    const namespace = failingNamespace();
    const stores = cloudflareStores(namespace);
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
