import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type RedisClientType } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStores, type RedisStores, type RedisStoresOptions } from '../../src/index.js';
import { eventually, expectUnavailable, SLACK, TIMEOUT } from '../support/in-time.js';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server.js';

const tight = { commandTimeoutMs: TIMEOUT, connectTimeoutMs: TIMEOUT, maxReconnectDelayMs: 200 };

/**
 * Writes the record the fault tests read back, before the fault. The tight deadline is for the
 * fault: a fresh server's first connect and write may outlast it on a busy machine.
 */
async function ready(stores: RedisStores): Promise<void> {
  await eventually(() => stores.sessionStore.setSession('s', 'record', 60));
}

/** One Redis server per test, killed, frozen and restarted on the same port. */
export function describeFaults(): void {
  describe('when the server fails', () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await Promise.all(cleanup.splice(0).map((step) => step()));
    });
    const track = (server: RedisServer | null, stores: RedisStores) => {
      cleanup.push(
        () => stores.close(),
        async () => server?.stop(),
      );
    };
    const open = (options: Omit<RedisStoresOptions, keyof typeof tight>, errors: unknown[] = []) =>
      createRedisStores({
        ...tight,
        ...options,
        logger: { error: (fields, message) => errors.push({ message, fields }) },
      });

    it('fails every port with store_unavailable in time while killed, and works again within 5 s of a restart', async () => {
      const server = await startRedisServer();
      const errors: unknown[] = [];
      const stores = open({ url: server.url }, errors);
      track(server, stores);
      await ready(stores);
      // What a slow first connect logged is not what the kill must log.
      errors.length = 0;
      await server.kill();
      await expectUnavailable(() => stores.sessionStore.getSession('s'));
      await expectUnavailable(() => stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60));
      await expectUnavailable(() => stores.accountRegistry.findBySid('iss', 'sid'));
      await expectUnavailable(() => stores.replayCache.putIfAbsent('jti', 60));
      await expectUnavailable(() => stores.refreshLease.acquire('k', 1000));
      await expectUnavailable(() => stores.invalidationBus.publish({ type: 'session-ended', sessionId: 's' }));
      expect(errors.length).toBeGreaterThan(0);
      await server.start();
      // The restarted server is empty (no persistence): a write and a read prove the way back.
      await eventually(() => stores.sessionStore.setSession('s', 'again', 60));
      expect(await stores.sessionStore.getSession('s')).toBe('again');
    });

    it('answers at once, not at the deadline, once the client has seen the connection drop', async () => {
      const server = await startRedisServer();
      const errors: unknown[] = [];
      // A deadline long enough that waiting it out could not pass for "at once".
      const stores = createRedisStores({
        url: server.url,
        commandTimeoutMs: 5000,
        maxReconnectDelayMs: 200,
        logger: { error: (fields, message) => errors.push({ message, fields }) },
      });
      track(server, stores);
      await stores.sessionStore.setSession('s', 'record', 60);
      await server.kill();
      // The client has seen the socket close once it logged the error.
      for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(20);
      expect(errors.length).toBeGreaterThan(0);
      for (const work of [
        () => stores.sessionStore.getSession('s'),
        () => stores.tokenCacheStore.getPartition('k'),
        () => stores.refreshLease.acquire('k', 1000),
      ]) {
        const started = performance.now();
        await expect(work()).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
        expect(performance.now() - started).toBeLessThan(100);
      }
      await server.start();
      expect(await eventually(() => stores.sessionStore.setSession('s', 'back', 60))).toBeUndefined();
    });

    it("waits for an app's own client whose connect() is still in flight", async () => {
      const server = await startRedisServer();
      const client = createClient({ url: server.url });
      const connecting = client.connect();
      // A deadline a slow first connect stays within: what is tested is the wait, not the deadline.
      const stores = createRedisStores({
        ...tight,
        commandTimeoutMs: 5000,
        client: client as unknown as RedisClientType,
      });
      track(server, stores);
      cleanup.push(async () => {
        await connecting.catch(() => {});
        client.destroy();
      });
      await stores.sessionStore.setSession('s', 'record', 60);
      expect(await stores.sessionStore.getSession('s')).toBe('record');
    });

    it('fails in time while the server is frozen (no answer at all), and works once it thaws', async () => {
      const server = await startRedisServer();
      const stores = open({ url: server.url });
      track(server, stores);
      await ready(stores);
      server.signal('SIGSTOP');
      try {
        await expectUnavailable(() => stores.sessionStore.getSession('s'));
        await expectUnavailable(() => stores.accountRegistry.forgetAccount('k'));
      } finally {
        server.signal('SIGCONT');
      }
      expect(await eventually(() => stores.sessionStore.getSession('s'))).toBe('record');
    });

    it('starts before its server: fails in time, then connects by itself once the server is up', async () => {
      const port = await freePort();
      const stores = open({ url: `redis://127.0.0.1:${port}` });
      track(null, stores);
      await expectUnavailable(() => stores.sessionStore.getSession('s'));
      const server = await startRedisServer({ port });
      cleanup.push(() => server.stop());
      await eventually(() => stores.sessionStore.setSession('s', 'record', 60));
      expect(await stores.sessionStore.getSession('s')).toBe('record');
    });

    it('keeps delivering invalidations after the server restarts (the subscription comes back by itself)', async () => {
      const server = await startRedisServer();
      const stores = open({ url: server.url });
      track(server, stores);
      const seen: unknown[] = [];
      stores.invalidationBus.subscribe((message) => seen.push(message));
      // The subscription is made in the background, and a message reaches the subscriber's
      // connection after PUBLISH returns: wait until this instance hears itself before the kill.
      await eventually(async () => {
        await stores.invalidationBus.publish({ type: 'session-ended', sessionId: 'before' });
        await sleep(50);
        expect(seen).toContainEqual({ type: 'session-ended', sessionId: 'before' });
      });
      await server.kill();
      await server.start();
      await eventually(async () => {
        await stores.invalidationBus.publish({ type: 'session-ended', sessionId: 'after' });
        await sleep(50);
        expect(seen).toContainEqual({ type: 'session-ended', sessionId: 'after' });
      });
    });

    it('refuses work after close(), and closes in time even while the server is down', async () => {
      const server = await startRedisServer();
      const stores = open({ url: server.url });
      track(server, stores);
      await ready(stores);
      await server.kill();
      const started = performance.now();
      await Promise.all([stores.close(), stores.close()]);
      expect(performance.now() - started).toBeLessThan(TIMEOUT + SLACK);
      await expectUnavailable(() => stores.sessionStore.getSession('s'));
    });
  });
}
