import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores, type PostgresStoresOptions } from '../../src/index.js';
import { eventually, expectUnavailable, SLACK, TIMEOUT, until } from '../support/in-time.js';
import { type PostgresServer, startPostgresServer } from '../support/postgres-server.js';
import { startSwitchableEndpoint } from '../support/switchable-endpoint.js';

const tight = { queryTimeoutMs: TIMEOUT, connectTimeoutMs: TIMEOUT, maxReconnectDelayMs: 200, sweepIntervalMs: 0 };

/** Every port once: what a request on any path would need. */
function everyPort(stores: PostgresStores): Array<() => Promise<unknown>> {
  return [
    () => stores.sessionStore.getSession('s'),
    () => stores.sessionStore.setSession('s', 'record', 60),
    () => stores.tokenCacheStore.getPartition('k'),
    () => stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60),
    () => stores.accountRegistry.findBySid('iss', 'sid'),
    () => stores.accountRegistry.forgetSession('k', 's'),
    () => stores.replayCache.putIfAbsent('jti', 60),
    () => stores.refreshLease.acquire('k', 1000),
    () => stores.invalidationBus.publish({ type: 'session-ended', sessionId: 's' }),
  ];
}

/** One private server per test, crashed, frozen and restarted on the same port. */
export function describeFaults(): void {
  describe('when the server fails', () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });
    const open = (server: PostgresServer, options: Partial<PostgresStoresOptions> = {}, errors: unknown[] = []) => {
      const stores = createPostgresStores({
        url: server.url,
        ...tight,
        namespace: randomUUID(),
        logger: { error: (fields, message) => errors.push({ message, fields }) },
        ...options,
      });
      cleanup.push(() => stores.close());
      return stores;
    };
    const serve = async () => {
      const server = await startPostgresServer();
      cleanup.push(() => server.stop());
      return server;
    };

    it('fails every port with store_unavailable at once while the server is down, and serves again after a restart', async () => {
      const server = await serve();
      const errors: unknown[] = [];
      const stores = open(server, { queryTimeoutMs: 5000 }, errors);
      await stores.sessionStore.setSession('s', 'record', 60);
      await server.kill();
      // A refused connection is an answer: nobody waits for the 5 s deadline.
      const took = [];
      for (const work of everyPort(stores)) took.push(await expectUnavailable(work, 300));
      console.log(
        `server down: ${everyPort(stores).length} operations failed with store_unavailable in at most ${Math.ceil(Math.max(...took))} ms each`,
      );
      await server.start();
      // The same stores, no restart of the app: the pool opens new connections.
      await eventually(() => stores.sessionStore.setSession('s', 'again', 60));
      expect(await stores.sessionStore.getSession('s')).toBe('again');
    });

    it('fails within queryTimeoutMs while the server is frozen, even on an app pool without timeouts', async () => {
      const server = await serve();
      const pool = new pg.Pool({ connectionString: server.url });
      pool.on('error', () => {});
      cleanup.push(async () => {
        server.signal('SIGCONT');
        await pool.end();
      });
      const stores = open(server, { url: undefined, pool });
      // The tight deadline is for the fault: the first write (schema included) may outlast it.
      await eventually(() => stores.sessionStore.setSession('s', 'record', 60));
      server.signal('SIGSTOP');
      const took = [];
      for (const work of everyPort(stores).slice(0, 4)) took.push(await expectUnavailable(work, TIMEOUT + SLACK));
      for (const ms of took) expect(ms).toBeGreaterThanOrEqual(TIMEOUT - 50);
      console.log(
        `server frozen: failed with store_unavailable after ${took.map(Math.round).join(', ')} ms (queryTimeoutMs ${TIMEOUT})`,
      );
      server.signal('SIGCONT');
      await eventually(() => stores.sessionStore.setSession('s', 'thawed', 60));
      expect(await stores.sessionStore.getSession('s')).toBe('thawed');
    });

    it('a connection cut while the stores hold it (a failover, pg_terminate_backend) fails that operation and never ends the process', async () => {
      const server = await serve();
      // node-postgres emits `error` on a connection that ends unexpectedly; on a connection the
      // stores hold out of the pool nobody else listens, and an `error` nobody listens to is a crash.
      const uncaught: unknown[] = [];
      const record = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', record);
      const endpoint = await startSwitchableEndpoint(server.port);
      const locker = new pg.Client({ connectionString: server.url });
      const watcher = new pg.Client({ connectionString: server.url });
      await Promise.all([locker.connect(), watcher.connect()]);
      cleanup.push(async () => {
        process.off('uncaughtException', record);
        await Promise.all([locker.end(), watcher.end(), endpoint.close()]);
      });
      const backends = (where: string) =>
        `SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND ${where}`;
      const waiting = backends(`wait_event_type = 'Lock'`);
      // The server ends the connection (a FATAL message, which fails the statement under way, then
      // the end), or the network does (the end, with no word): only then the statement fails
      // with the `error` event, the connection still held.
      const cuts = {
        terminated: () => watcher.query(`SELECT pg_terminate_backend(pid) FROM (${waiting}) AS w`),
        'cut by the network': () => endpoint.switchTo(server.port),
      };
      const viaEndpoint = { url: server.url.replace(`:${server.port}/`, `:${endpoint.port}/`), queryTimeoutMs: 5000 };
      const logged: Array<{ message: string }> = [];
      const stores = open(server, viaEndpoint, logged);
      await stores.sessionStore.setSession('s', 'record', 60);
      /** Holds `table` locked, starts `work`, cuts its connection while it waits for the lock; returns how `work` ended. */
      const cutWhileWaiting = async (cut: () => unknown, table: string, work: () => Promise<unknown>) => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "public"."identity_web_${table}" IN ACCESS EXCLUSIVE MODE`);
        const outcome = work().then(
          () => 'succeeded',
          (error: unknown) => error,
        );
        await until(async () => ((await watcher.query(waiting)).rowCount ?? 0) > 0, 5000, 'a statement waiting');
        await cut();
        const result = await outcome;
        await locker.query('ROLLBACK');
        return result;
      };
      const unavailable = { code: 'store_unavailable', status: 503 };
      for (const [name, cut] of Object.entries(cuts)) {
        const outcomes = {
          'a store operation': await cutWhileWaiting(cut, 'sessions', () =>
            stores.sessionStore.setSession(name, 'x', 60),
          ),
          'a sweep': await cutWhileWaiting(cut, 'sessions', () => stores.sweep()),
          // What a new instance runs first: the migrations, or with `migrate: false` the version check.
          'the migrations': await cutWhileWaiting(cut, 'migrations', () =>
            open(server, viaEndpoint, logged).sessionStore.getSession('s'),
          ),
          'the version check': await cutWhileWaiting(cut, 'migrations', () =>
            open(server, { ...viaEndpoint, migrate: false }, logged).sessionStore.getSession('s'),
          ),
        };
        for (const [what, outcome] of Object.entries(outcomes)) {
          expect(outcome, `${what}, ${name}`).toMatchObject(unavailable);
        }
        if (name === 'terminated') {
          // Only the terminated connections broke, and none went back to the pool as if sound (it
          // would fail there, idle, and the pool report it).
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(logged.map((entry) => entry.message)).toEqual([]);
        }
      }

      // A new connection's readiness and the server's FATAL read in one chunk: the connection is
      // the stores' and broken within one turn, before a promise's continuation could listen.
      const fresh = `${viaEndpoint.url}?application_name=fresh`;
      const handOver = endpoint.holdReplies();
      const outcome = open(server, { ...viaEndpoint, url: fresh, migrate: false })
        .sessionStore.getSession('s')
        .catch((error: unknown) => error);
      const idle = backends(`application_name = 'fresh' AND state = 'idle'`);
      const gone = backends(`application_name = 'fresh'`);
      // The version check's connection (and any other the new stores opened), ready and waiting.
      await until(
        async () => {
          const [ready, all] = await Promise.all([watcher.query(idle), watcher.query(gone)]);
          return ready.rowCount !== 0 && ready.rowCount === all.rowCount;
        },
        5000,
        'the fresh connections ready',
      );
      await watcher.query(`SELECT pg_terminate_backend(pid) FROM (${idle}) AS w`);
      await until(async () => (await watcher.query(gone)).rowCount === 0, 5000, 'the fresh connections ended');
      handOver();
      expect(await outcome).toMatchObject(unavailable);

      // A connection's end may reach node-postgres after its statement failed: give it the time to.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught).toEqual([]);
      expect(await eventually(() => stores.sessionStore.getSession('s'))).toBe('record');
    });

    it("turns the server's statement_timeout into store_unavailable, never a raw error", async () => {
      const server = await serve();
      const pool = new pg.Pool({ connectionString: server.url, statement_timeout: 100 });
      pool.on('error', () => {});
      const locker = new pg.Client({ connectionString: server.url });
      await locker.connect();
      cleanup.push(async () => {
        await locker.end();
        await pool.end();
      });
      const stores = open(server, { url: undefined, pool, queryTimeoutMs: 5000 });
      await stores.sessionStore.setSession('s', 'record', 60);
      // Another transaction holds the table: the write waits until the server cancels it.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "public"."identity_web_sessions" IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const failure = await stores.sessionStore.setSession('s', 'blocked', 60).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'store_unavailable', status: 503 });
      expect(String((failure as Error).message)).toContain('57014');
      expect(performance.now() - started).toBeLessThan(100 + SLACK);
      await locker.query('ROLLBACK');
      expect(await stores.sessionStore.getSession('s')).toBe('record');
    });
  });
}
