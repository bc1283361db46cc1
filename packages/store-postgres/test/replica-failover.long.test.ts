import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStores } from '../src/index.js';
import { postgresAvailable } from './support/availability.js';
import { eventually, expectUnavailable, until } from './support/in-time.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';
import { type SwitchableEndpoint, startSwitchableEndpoint } from './support/switchable-endpoint.js';

// A failover to a promoted streaming-replication standby, in the long suite (two servers per
// test): the app's stores talk to an endpoint that the failover moves from the crashed primary
// to the standby, as a managed service's endpoint does. With synchronous replication no logout
// the stores acknowledged is lost; with PostgreSQL's default, asynchronous, one can be.

const ISSUER = 'https://idp.example';
const QUERY_TIMEOUT_MS = 2_000;

interface Replicated {
  readonly primary: PostgresServer;
  readonly standby: PostgresServer;
  /** The stores' way to the primary, moved to the standby by the failover. */
  readonly endpoint: SwitchableEndpoint;
  /** The standby's way to the primary: cut, nothing more reaches the standby. */
  readonly replication: SwitchableEndpoint;
  readonly stores: PostgresStores;
}

/** What a user's sign-in leaves in the stores; a logout removes it all and remembers the token's jti. */
const user = (name: string) => ({
  session: `session-${name}`,
  account: `account-${name}`,
  sid: `sid-${name}`,
  jti: `logout-token-${name}`,
});

async function signIn(stores: PostgresStores, name: string): Promise<void> {
  const { session, account, sid } = user(name);
  await stores.sessionStore.setSession(session, 'record', 600);
  await stores.tokenCacheStore.setPartition(account, { value: 'tokens', version: '1' }, null, 600);
  await stores.accountRegistry.recordSignIn(
    { issuer: ISSUER, subject: name, sid, accountKey: account, sessionId: session },
    600,
  );
}

/** The writes of a back-channel logout, in the order the core makes them. */
async function logOut(stores: PostgresStores, name: string): Promise<void> {
  const { session, account, jti } = user(name);
  expect(await stores.replayCache.putIfAbsent(jti, 600)).toBe(true);
  await stores.accountRegistry.forgetAccount(account);
  await stores.tokenCacheStore.deletePartition(account);
  await stores.sessionStore.deleteSession(session);
}

/** What the stores hold of a user: all of it while signed in, none of it (and the jti) once logged out. */
async function stateOf(stores: PostgresStores, name: string) {
  const { session, account, sid, jti } = user(name);
  return {
    session: await stores.sessionStore.getSession(session),
    partition: (await stores.tokenCacheStore.getPartition(account))?.value ?? null,
    registered: (await stores.accountRegistry.findBySid(ISSUER, sid)).length,
    logoutTokenSeen: await stores.replayCache.has(jti),
  };
}
const SIGNED_IN = { session: 'record', partition: 'tokens', registered: 1, logoutTokenSeen: false };
const LOGGED_OUT = { session: null, partition: null, registered: 0, logoutTokenSeen: true };

async function query(server: PostgresServer, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe.runIf(postgresAvailable())('a failover to a promoted standby, on PostgreSQL', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
  });

  /** A primary, a standby streaming from it (through a cuttable link), and stores on the endpoint. */
  async function replicated(synchronous: boolean): Promise<Replicated> {
    const primary = await startPostgresServer({
      settings: synchronous ? ['synchronous_standby_names=standby1', 'synchronous_commit=remote_apply'] : [],
    });
    cleanup.push(() => primary.stop());
    const replication = await startSwitchableEndpoint(primary.port);
    cleanup.push(() => replication.close());
    const standby = await startPostgresServer({
      standbyOf: { server: primary, name: 'standby1' },
      settings: [`primary_conninfo=host=127.0.0.1 port=${replication.port} user=postgres application_name=standby1`],
    });
    cleanup.push(() => standby.stop());
    await until(
      async () =>
        (await query(primary, 'SELECT sync_state FROM pg_stat_replication')).rows[0]?.sync_state ===
        (synchronous ? 'sync' : 'async'),
      15_000,
      'the standby streaming',
    );
    const endpoint = await startSwitchableEndpoint(primary.port);
    cleanup.push(() => endpoint.close());
    const stores = createPostgresStores({
      url: `postgres://postgres@127.0.0.1:${endpoint.port}/postgres`,
      namespace: randomUUID(),
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      connectTimeoutMs: 1_000,
      maxReconnectDelayMs: 200,
      sweepIntervalMs: 0,
    });
    cleanup.push(() => stores.close());
    return { primary, standby, endpoint, replication, stores };
  }

  /** The primary crashes; the standby is promoted; the endpoint moves to it. Returns how long until the stores served. */
  async function failOver({ primary, standby, endpoint, stores }: Replicated): Promise<number> {
    const started = performance.now();
    await primary.kill();
    await query(standby, 'SELECT pg_promote(true, 30)');
    endpoint.switchTo(standby.port);
    // The same stores, no restart of the app: the pools drop the cut connections and open new ones.
    await eventually(() => stores.sessionStore.setSession('probe', 'after the failover', 60), 10_000);
    return performance.now() - started;
  }

  it('synchronous replication: a logout acknowledged before the primary crashed holds on the promoted standby', async () => {
    const db = await replicated(true);
    await signIn(db.stores, 'alice');
    await signIn(db.stores, 'bob');
    await logOut(db.stores, 'alice');
    const took = await failOver(db);
    console.log(`failover: the stores served from the promoted standby ${Math.round(took)} ms after the crash`);
    expect(await stateOf(db.stores, 'alice')).toEqual(LOGGED_OUT);
    expect(await stateOf(db.stores, 'bob')).toEqual(SIGNED_IN);
    // The logout token is still refused as a replay on the new primary.
    expect(await db.stores.replayCache.putIfAbsent(user('alice').jti, 600)).toBe(false);
  });

  it('synchronous replication: a logout the standby cannot receive is never acknowledged (503 within the query timeout)', async () => {
    const db = await replicated(true);
    await signIn(db.stores, 'carol');
    db.replication.switchTo(null);
    await expectUnavailable(() => logOut(db.stores, 'carol'), QUERY_TIMEOUT_MS + 1_500);
    await failOver(db);
    // Not acknowledged, so the provider delivers the logout again (OpenID Connect Back-Channel
    // Logout 1.0 §2.8: an error answer means "not done"), and this time it lands.
    expect(await stateOf(db.stores, 'carol')).toEqual(SIGNED_IN);
    await logOut(db.stores, 'carol');
    expect(await stateOf(db.stores, 'carol')).toEqual(LOGGED_OUT);
  });

  it("asynchronous replication (PostgreSQL's default) acknowledges a logout the standby never got: it is lost in the failover", async () => {
    const db = await replicated(false);
    await signIn(db.stores, 'dave');
    // The sign-in reached the standby before the link is cut.
    const caughtUp = 'SELECT replay_lsn = pg_current_wal_lsn() AS done FROM pg_stat_replication';
    await until(
      async () => (await query(db.primary, caughtUp)).rows[0]?.done === true,
      10_000,
      'the standby caught up',
    );
    db.replication.switchTo(null);
    await logOut(db.stores, 'dave'); // acknowledged: the primary committed it alone
    expect(await stateOf(db.stores, 'dave')).toEqual(LOGGED_OUT);
    await failOver(db);
    expect(await stateOf(db.stores, 'dave')).toEqual(SIGNED_IN);
  });
});
