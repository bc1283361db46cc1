import { describe, expect, it } from 'vitest';
import { createRedisStores, type RedisStoresOptions } from '../src/index.js';

const rejects = (options: unknown, option: string) =>
  expect(() => createRedisStores(options as RedisStoresOptions)).toThrow(
    expect.objectContaining({ code: 'invalid_option', option }),
  );

describe('createRedisStores options', () => {
  it('needs exactly one of url, cluster and client, naming the option at fault', () => {
    rejects({}, 'url');
    rejects({ url: undefined }, 'url');
    rejects({ url: 'redis://127.0.0.1:6379', cluster: { rootNodes: ['redis://127.0.0.1:7000'] } }, 'cluster');
  });

  it('accepts only redis:// and rediss:// URLs', () => {
    rejects({ url: 'http://127.0.0.1:6379' }, 'url');
    rejects({ url: 'not a url' }, 'url');
    rejects({ cluster: { rootNodes: [] } }, 'cluster.rootNodes');
    rejects({ cluster: { rootNodes: ['redis://127.0.0.1:7000', 'tcp://x'] } }, 'cluster.rootNodes[1]');
    rejects({ cluster: {} }, 'cluster.rootNodes');
  });

  it('refuses something that is not a node-redis client', () => {
    rejects({ client: {} }, 'client');
  });

  it('refuses a prefix with hash-tag braces, and bad timeouts', () => {
    rejects({ url: 'redis://127.0.0.1:6379', prefix: 'app{1}:' }, 'prefix');
    rejects({ url: 'redis://127.0.0.1:6379', prefix: 42 }, 'prefix');
    rejects({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 0 }, 'commandTimeoutMs');
    rejects({ url: 'redis://127.0.0.1:6379', connectTimeoutMs: 1.5 }, 'connectTimeoutMs');
    rejects({ url: 'redis://127.0.0.1:6379', maxReconnectDelayMs: Number.NaN }, 'maxReconnectDelayMs');
    rejects({ url: 'redis://127.0.0.1:6379', logger: { info() {} } }, 'logger');
    rejects({ url: 'redis://127.0.0.1:6379', replicaWaitMs: -1 }, 'replicaWaitMs');
    rejects({ url: 'redis://127.0.0.1:6379', replicaWaitMs: '500' }, 'replicaWaitMs');
    rejects(
      { cluster: { rootNodes: ['redis://127.0.0.1:7000'], topologyRefreshMs: 0.5 } },
      'cluster.topologyRefreshMs',
    );
  });

  it('refuses a namespace with hash-tag braces or over 64 characters, and takes the empty one', async () => {
    rejects({ url: 'redis://127.0.0.1:6379', namespace: 'a{b}' }, 'namespace');
    rejects({ url: 'redis://127.0.0.1:6379', namespace: 'n'.repeat(65) }, 'namespace');
    rejects({ url: 'redis://127.0.0.1:6379', namespace: 7 }, 'namespace');
    await createRedisStores({ url: 'redis://127.0.0.1:1', namespace: '', commandTimeoutMs: 50 }).close();
  });
});

describe('createRedisStores refuses option keys it does not have', () => {
  it.each([
    [{ url: 'redis://127.0.0.1:6379', prefx: 'a:' }, 'prefx', 'prefix'],
    [
      { cluster: { rootNodes: ['redis://127.0.0.1:7000'], topologyRefresh: 500 } },
      'cluster.topologyRefresh',
      'cluster.topologyRefreshMs',
    ],
    [{ url: 'redis://127.0.0.1:6379', replicaWait: 0 }, 'replicaWait', 'replicaWaitMs'],
  ])('%j names %s and suggests the option', (options, path, near) => {
    expect(() => createRedisStores(options as RedisStoresOptions)).toThrow(
      expect.objectContaining({
        code: 'invalid_option',
        option: path,
        message: expect.stringContaining(`did you mean "${near}"?`),
      }),
    );
  });
});
