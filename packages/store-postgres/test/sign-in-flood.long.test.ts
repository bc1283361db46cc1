import { createScenarioWorld, locationOf, webScenarioApp } from '@identity-web/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from '../src/index.js';
import { postgresAvailable } from './support/availability.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';

// 100,000 anonymous sign-in starts against an app whose every store is on PostgreSQL (`pnpm
// test:long`). A sign-in's transaction (state, nonce, PKCE verifier) travels in a sealed cookie,
// so a start writes no row: the tables are measured before and after, and must not have grown.

const STARTS = Number(process.env.FLOOD_STARTS ?? 100_000);
const CONCURRENCY = 50;
const SCHEMA = 'flood';

/** Rows and bytes (table, indexes and TOAST) of every table of the stores' schema. */
async function tables(server: PostgresServer): Promise<Record<string, { rows: number; bytes: number }>> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const names = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
      [SCHEMA],
    );
    const sizes: Record<string, { rows: number; bytes: number }> = {};
    for (const { name } of names.rows) {
      const qualified = `"${SCHEMA}"."${name}"`;
      const { rows } = await client.query<{ rows: string; bytes: string }>(
        `SELECT count(*) AS rows, pg_total_relation_size('${qualified}') AS bytes FROM ${qualified}`,
      );
      sizes[name] = { rows: Number(rows[0]!.rows), bytes: Number(rows[0]!.bytes) };
    }
    return sizes;
  } finally {
    await client.end();
  }
}

const rowsOf = (sizes: Record<string, { rows: number }>) =>
  Object.fromEntries(Object.entries(sizes).map(([name, { rows }]) => [name, rows]));

describe.runIf(postgresAvailable())(`${STARTS.toLocaleString('en')} anonymous sign-in starts, on PostgreSQL`, () => {
  let server: PostgresServer;
  let stores: PostgresStores;
  beforeAll(async () => {
    server = await startPostgresServer();
    stores = createPostgresStores({ url: server.url, schema: SCHEMA, namespace: 'flood', sweepIntervalMs: 0 });
    await stores.sessionStore.getSession('none'); // once the migrations made the tables
  }, 60_000);
  afterAll(async () => {
    await stores?.close();
    await server?.stop();
  });

  it('adds no row to any table, and a real sign-in started before them completes', { timeout: 600_000 }, async () => {
    const world = await createScenarioWorld(webScenarioApp, { stores });
    try {
      const user = world.browser();
      const start = await user.fetch('/auth/sign-in?returnTo=%2Fme');
      expect(start.status).toBe(302);
      const callback = world.idp.login(locationOf(start), 'real-user', 'sid-real');
      const before = await tables(server);
      expect(Object.keys(before).length).toBeGreaterThan(0);

      const started = performance.now();
      let redirected = 0;
      for (let sent = 0; sent < STARTS; sent += CONCURRENCY) {
        const batch = Array.from({ length: CONCURRENCY }, () => world.browser().fetch('/auth/sign-in'));
        for (const response of await Promise.all(batch)) if (response.status === 302) redirected++;
      }
      const seconds = (performance.now() - started) / 1000;
      expect(redirected).toBe(STARTS);
      const after = await tables(server);
      const bytes = (sizes: typeof after) => Object.values(sizes).reduce((sum, table) => sum + table.bytes, 0);
      console.log(
        `${STARTS} sign-in starts in ${seconds.toFixed(1)} s (${Math.round(STARTS / seconds)}/s): rows ${JSON.stringify(rowsOf(before))} before, ${JSON.stringify(rowsOf(after))} after; ${bytes(before)} bytes before, ${bytes(after)} after`,
      );
      expect(rowsOf(after)).toEqual(rowsOf(before));

      const done = await user.fetch(`/auth/callback?${callback}`);
      expect(done.status).toBe(302);
      expect(done.headers.get('location')).toBe('/me');
      expect((await user.fetch('/me', { accept: 'json' })).status).toBe(200);
      const signedIn = rowsOf(await tables(server));
      expect(signedIn).not.toEqual(rowsOf(before)); // the real sign-in did write: the count can see rows
    } finally {
      await world.close();
    }
  });
});
