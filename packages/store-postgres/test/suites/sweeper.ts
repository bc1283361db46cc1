import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStores } from '../../src/index.js';
import { Tables } from '../../src/tables.js';
import type { PostgresServer } from '../support/postgres-server.js';
import { manualClock } from '../support/store-fixtures.js';

const FLOOD = 100_000;

/** The sweeper: expired rows deleted in batches, by one instance at a time, bounding the tables. */
export function describeSweeper(server: () => PostgresServer): void {
  describe('the sweeper', () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });
    const admin = async () => {
      const client = new pg.Client({ connectionString: server().url });
      await client.connect();
      cleanup.push(() => client.end());
      return client;
    };
    /** Stores on tables of their own, so row counts and sizes are this test's alone. */
    const open = (tablePrefix: string, options: { sweepIntervalMs?: number; clock?: { now(): number } } = {}) => {
      const stores = createPostgresStores({
        url: server().url,
        tablePrefix,
        namespace: 'app',
        sweepIntervalMs: 0,
        sweepBatchSize: 5000,
        ...options,
      });
      cleanup.push(() => stores.close());
      return stores;
    };
    const prefix = () => `sweep_${randomUUID().replace(/-/g, '').slice(0, 10)}_`;

    it(`keeps the session table bounded under ${FLOOD.toLocaleString('en')} anonymous short-lived rows`, async () => {
      const root = await admin();
      const clock = manualClock();
      const tablePrefix = prefix();
      const stores = open(tablePrefix, { clock });
      const table = `"public"."${tablePrefix}sessions"`;
      const flood = async (round: number) => {
        // A visitor's short-lived row through the store, the flood by SQL (the same rows, faster).
        await stores.sessionStore.setSession(`visitor-${round}`, 'sealed', 1);
        await root.query(
          `INSERT INTO ${table} (app, id, record, expires_at)
           SELECT 'app', 'flood-' || $1 || '-' || g, repeat('x', 200), $2::bigint FROM generate_series(1, $3) g`,
          [round, clock.now() + 1000, FLOOD - 1],
        );
      };
      const measure = async () => {
        const { rows } = await root.query(
          `SELECT count(*)::int AS rows, pg_total_relation_size('${table}')::bigint AS bytes FROM ${table}`,
        );
        return { rows: rows[0].rows as number, bytes: Number(rows[0].bytes) };
      };
      await stores.sessionStore.setSession('signed-in', 'sealed', 3600);
      await flood(1);
      const flooded = await measure();
      expect(flooded.rows).toBe(FLOOD + 1);
      clock.advance(2000);
      expect(await stores.sessionStore.getSession('visitor-1')).toBeNull();
      const started = performance.now();
      expect(await stores.sweep()).toBe(FLOOD);
      const sweptMs = performance.now() - started;
      // What autovacuum does in the background: frees the deleted rows' space for reuse.
      await root.query(`VACUUM ${table}`);
      const swept = await measure();
      expect(swept.rows).toBe(1);
      await flood(2);
      clock.advance(2000);
      expect(await stores.sweep()).toBe(FLOOD);
      await root.query(`VACUUM ${table}`);
      const again = await measure();
      expect(again.rows).toBe(1);
      // The second flood reused the first one's space: the table does not grow flood after flood.
      expect(again.bytes).toBeLessThanOrEqual(flooded.bytes * 1.1);
      expect(await stores.sessionStore.getSession('signed-in')).toBe('sealed');
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      console.log(
        `sweeper: ${flooded.rows} rows (${mb(flooded.bytes)}) after the flood, ${FLOOD} deleted in ${Math.round(sweptMs)} ms, ` +
          `${swept.rows} row (${mb(swept.bytes)}) after sweeping; after a second flood and sweep: ${again.rows} row (${mb(again.bytes)})`,
      );
    }, 120_000);

    it('leaves live rows and sweeps on one instance at a time', async () => {
      const root = await admin();
      const clock = manualClock();
      const tablePrefix = prefix();
      const [a, b] = [open(tablePrefix, { clock }), open(tablePrefix, { clock })];
      await a.sessionStore.setSession('short', 'r', 1);
      await a.sessionStore.setSession('long', 'r', 60);
      await a.tokenCacheStore.setPartition('short', { value: 'v', version: '1' }, null, 1);
      await a.replayCache.putIfAbsent('jti', 1);
      await a.refreshLease.acquire('lease', 500);
      await a.accountRegistry.recordSignIn({ issuer: 'i', subject: 's', accountKey: 'k', sessionId: 'x' }, 1);
      clock.advance(1500);
      // Another instance sweeping holds the lock: this one skips.
      const lock = new Tables('public', tablePrefix).sweepLock;
      await root.query('SELECT pg_advisory_lock($1::bigint)', [lock]);
      expect(await b.sweep()).toBeNull();
      await root.query('SELECT pg_advisory_unlock($1::bigint)', [lock]);
      expect(await b.sweep()).toBe(5);
      expect(await a.sessionStore.getSession('long')).toBe('r');
      expect(await a.sweep()).toBe(0);
    });

    it('runs on its timer, and stops with the stores', async () => {
      const root = await admin();
      const tablePrefix = prefix();
      const stores = open(tablePrefix, { sweepIntervalMs: 100 });
      await stores.sessionStore.setSession('short', 'r', 0.2);
      const count = async () =>
        (await root.query(`SELECT count(*)::int AS n FROM "public"."${tablePrefix}sessions"`)).rows[0].n as number;
      expect(await count()).toBe(1);
      for (let i = 0; i < 50 && (await count()) > 0; i++) await sleep(50);
      expect(await count()).toBe(0);
      await stores.close();
      await root.query(
        `INSERT INTO "public"."${tablePrefix}sessions" (app, id, record, expires_at) VALUES ('app', 'old', 'r', 0)`,
      );
      await sleep(300);
      expect(await count()).toBe(1);
    });
  });
}
