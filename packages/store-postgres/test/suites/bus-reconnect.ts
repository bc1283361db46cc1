import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Invalidation } from '@identity-web/core/store';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from '../../src/index.js';
import { eventually } from '../support/in-time.js';
import type { PostgresServer } from '../support/postgres-server.js';

/** The invalidation bus across instances, and what an instance whose connection dropped gets. */
export function describeBusReconnect(server: () => PostgresServer): void {
  describe('the invalidation bus between instances', () => {
    const cleanup: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });
    const open = (url: string, namespace: string): PostgresStores => {
      const stores = createPostgresStores({
        url,
        namespace,
        sweepIntervalMs: 0,
        queryTimeoutMs: 1000,
        connectTimeoutMs: 1000,
        maxReconnectDelayMs: 100,
      });
      cleanup.push(() => stores.close());
      return stores;
    };
    const admin = async () => {
      const client = new pg.Client({ connectionString: server().url });
      await client.connect();
      cleanup.push(() => client.end());
      return client;
    };
    const listen = (stores: PostgresStores) => {
      const seen: Invalidation[] = [];
      stores.invalidationBus.subscribe((m) => seen.push(m));
      return seen;
    };

    it('delivers to every instance of the app, and to no other app on the same tables', async () => {
      const ns = randomUUID();
      const [a, b, other] = [open(server().url, ns), open(server().url, ns), open(server().url, randomUUID())];
      const [seenA, seenB, seenOther] = [listen(a), listen(b), listen(other)];
      const removed = { type: 'account-removed', accountKey: 'alice' } as const;
      await b.invalidationBus.publish({ type: 'session-ended', sessionId: 'warm-up' });
      await a.invalidationBus.publish(removed);
      await eventually(async () => expect(seenB).toContainEqual(removed), 2000);
      await eventually(async () => expect(seenA).toContainEqual(removed), 2000);
      await other.invalidationBus.publish({ type: 'session-ended', sessionId: 'elsewhere' });
      await eventually(async () => expect(seenOther).toHaveLength(1), 2000);
      expect([...seenA, ...seenB]).not.toContainEqual({ type: 'session-ended', sessionId: 'elsewhere' });
      expect(seenOther).toEqual([{ type: 'session-ended', sessionId: 'elsewhere' }]);
    });

    it('delivers what was published while its connection was down once it is back, so no copy outlives a removal', async () => {
      const ns = randomUUID();
      const role = `iw_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const root = await admin();
      await root.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
      const url = new URL(server().url);
      url.username = role;
      const [a, b] = [open(url.href, ns), open(server().url, ns)];
      const seenA = listen(a);
      // A hears what is published once its listening connection is up (what went out before then
      // an instance just started has no copy of): publish until it hears one.
      const before = { type: 'session-ended', sessionId: 'before' } as const;
      await eventually(async () => {
        await b.invalidationBus.publish(before);
        await sleep(100);
        expect(seenA).toContainEqual(before);
      }, 5000);
      // Instance A loses its connections and cannot open new ones (as in a network partition).
      await root.query(`ALTER ROLE ${role} NOLOGIN`);
      await root.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      const removed = { type: 'account-removed', accountKey: 'alice' } as const;
      await b.invalidationBus.publish(removed);
      await sleep(500);
      // Missed: A was not listening when the notification went out.
      expect(seenA).not.toContainEqual(removed);
      await root.query(`ALTER ROLE ${role} LOGIN`);
      await eventually(async () => expect(seenA).toContainEqual(removed), 3000);
      // Other messages flow again, live.
      await b.invalidationBus.publish({ type: 'session-ended', sessionId: 'after' });
      await eventually(async () => expect(seenA).toContainEqual({ type: 'session-ended', sessionId: 'after' }), 2000);
    });
  });
}
