import { randomUUID } from 'node:crypto';
import type { StoreApp } from '@identity-web/core/store';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStores, migrate, migrationScripts, type PostgresStoresOptions } from '../../src/index.js';
import type { PostgresServer } from '../support/postgres-server.js';

/** Migrations at start and by hand, and apps side by side by table prefix, schema or namespace. */
export function describeMigrations(server: () => PostgresServer): void {
  describe('migrations and apps side by side', () => {
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
    const open = (options: Partial<PostgresStoresOptions>) => {
      const stores = createPostgresStores({ url: server().url, sweepIntervalMs: 0, ...options });
      cleanup.push(() => stores.close());
      return stores;
    };
    const unique = (kind: string) => `${kind}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

    it('applies each migration once when several instances start together', async () => {
      const root = await admin();
      const schema = unique('schema');
      const instances = Array.from({ length: 4 }, () => open({ schema, namespace: 'app' }));
      await Promise.all(instances.map((stores, i) => stores.sessionStore.setSession(`s${i}`, 'r', 60)));
      expect(await instances[0]!.sessionStore.getSession('s3')).toBe('r');
      const { rows } = await root.query(`SELECT version FROM "${schema}"."identity_web_migrations"`);
      expect(rows).toEqual([{ version: 1 }]);
      expect(await migrate({ url: server().url, schema })).toEqual([]);
    });

    it('creates one new schema for apps of two table prefixes starting together', async () => {
      const root = await admin();
      const schema = unique('schema');
      const instances = ['shop_', 'blog_', 'shop_', 'blog_'].map((tablePrefix) =>
        open({ schema, tablePrefix, namespace: 'app' }),
      );
      await Promise.all(instances.map((stores, i) => stores.sessionStore.setSession(`s${i}`, 'r', 60)));
      for (const prefix of ['shop_', 'blog_']) {
        const { rows } = await root.query(`SELECT version FROM "${schema}"."${prefix}migrations"`);
        expect(rows).toEqual([{ version: 1 }]);
      }
    });

    it('with migrate: false, refuses to serve until the migrations are applied, by migrate() or by their SQL', async () => {
      const root = await admin();
      const tablePrefix = `${unique('manual')}_`;
      const stores = open({ tablePrefix, migrate: false, namespace: 'app' });
      await expect(stores.sessionStore.getSession('s')).rejects.toMatchObject({
        code: 'store_unavailable',
        message: expect.stringContaining('migrate()'),
      });
      expect(await migrate({ url: server().url, tablePrefix })).toEqual([1]);
      await stores.sessionStore.setSession('s', 'r', 60);
      expect(await stores.sessionStore.getSession('s')).toBe('r');

      const schema = unique('by_hand');
      const scripts = migrationScripts({ schema });
      expect(scripts.map((s) => s.name)).toEqual(['identity_web_001_tables.sql']);
      for (const script of scripts) await root.query(script.sql);
      const manual = open({ schema, migrate: false, namespace: 'app' });
      await manual.sessionStore.setSession('s', 'r', 60);
      expect(await migrate({ url: server().url, schema })).toEqual([]);
    });

    it('migrates again when the tables vanished under running stores', async () => {
      const root = await admin();
      const schema = unique('gone');
      const stores = open({ schema, namespace: 'app' });
      await stores.sessionStore.setSession('s', 'r', 60);
      // A database restored from before the tables, or recreated, under running apps.
      await root.query(`DROP SCHEMA "${schema}" CASCADE`);
      await expect(stores.sessionStore.getSession('s')).rejects.toMatchObject({ code: 'store_unavailable' });
      expect(await stores.sessionStore.getSession('s')).toBeNull();
    });

    it('keeps two apps apart on one database: by table prefix, by schema, and by the app each set serves', async () => {
      const shared = { tablePrefix: `${unique('shared')}_` };
      const byPrefix = [
        open({ tablePrefix: `${unique('a')}_`, namespace: '' }),
        open({ tablePrefix: `${unique('b')}_`, namespace: '' }),
      ];
      const bySchema = [open({ schema: unique('sa'), namespace: '' }), open({ schema: unique('sb'), namespace: '' })];
      const shop: StoreApp = { issuer: 'https://idp.test', clientId: 'shop' };
      const portal: StoreApp = { issuer: 'https://idp.test', clientId: 'portal' };
      const byApp = [open(shared), open(shared)];
      byApp[0]!.forApp(shop);
      byApp[1]!.forApp(portal);
      for (const [one, two] of [byPrefix, bySchema, byApp]) {
        await one!.sessionStore.setSession('same-id', 'one', 60);
        await one!.accountRegistry.recordSignIn(
          { issuer: 'https://idp.test', subject: 'alice', accountKey: 'k', sessionId: 'same-id', sid: 'x' },
          60,
        );
        expect(await two!.sessionStore.getSession('same-id')).toBeNull();
        expect(await two!.accountRegistry.findBySid('https://idp.test', 'x')).toEqual([]);
        expect(await one!.accountRegistry.findBySid('https://idp.test', 'x')).toHaveLength(1);
      }
      // One set of stores serves one app.
      expect(() => byApp[0]!.forApp(portal)).toThrow(/namespace/);
    });
  });
}
