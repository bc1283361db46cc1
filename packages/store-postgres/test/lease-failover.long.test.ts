import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SharedIdp, startSharedIdp } from '../../store-redis/test/support/multi/shared-idp.js';
import { Visitor } from '../../store-redis/test/support/multi/visitor.js';
import { postgresAvailable } from './support/availability.js';
import { until } from './support/in-time.js';
import { type Instances, startInstances } from './support/multi/instances.js';
import { type PostgresServer, startPostgresServer } from './support/postgres-server.js';

/** How long a call waits for another instance's refresh before it answers 503. */
const STORE_TIMEOUT_MS = 10_000;

// A failover of the refresh lease, in the long suite (it waits out a 15 s lease): two app
// instances as processes on one private PostgreSQL, the one holding an account's lease killed.
describe.runIf(postgresAvailable())('a refresh-lease holder SIGKILLed, on PostgreSQL', () => {
  let server: PostgresServer;
  let idp: SharedIdp;
  let app: Instances;
  beforeAll(async () => {
    [server, idp] = await Promise.all([startPostgresServer(), startSharedIdp()]);
    app = await startInstances({
      count: 2,
      databaseUrl: () => server.url,
      tablePrefix: 'lease_',
      idpUrl: idp.url,
      queryTimeoutMs: STORE_TIMEOUT_MS,
    });
  }, 120_000);
  afterEach(() => {
    expect(app.failures()).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([server?.stop(), idp?.close()]);
  });

  it('a lease holder SIGKILLed during its refresh: another instance takes over once the lease lapses, and serves', async () => {
    const visitor = new Visitor();
    idp.fake.accessTokenLifetime = 1;
    await visitor.signIn(app.all[0]!.url, idp.fake, 'dee', 'sid-dee');
    idp.fake.accessTokenLifetime = 3600;
    await sleep(1100);
    const before = idp.refreshes.length;
    // The first refresh (instance 1's, holding the account's lease) never gets its answer.
    let held = false;
    let release = () => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    idp.refreshGate = async () => {
      if (held) return;
      held = true;
      await stuck;
    };
    try {
      const doomed = visitor.callApi(app.all[0]!.url, 60_000).catch(() => null);
      await until(async () => held, 10_000, "instance 1's refresh at the provider");
      await app.kill(app.all[0]!);
      // A call waits for the holder at most the store timeout, then gets 503 (try again); once the
      // dead holder's lease lapses (15 s), the next call refreshes and is served.
      const started = performance.now();
      const answers: number[] = [];
      let call: { status: number; accessToken?: string } = { status: 0 };
      while (call.status !== 200 && performance.now() - started < 15_000 + STORE_TIMEOUT_MS + 5_000) {
        call = await visitor.callApi(app.all[1]!.url, 60_000);
        answers.push(call.status);
      }
      expect(answers.at(-1)).toBe(200);
      expect(answers.filter((status) => status !== 503 && status !== 200)).toEqual([]);
      expect(idp.refreshes.slice(before).map((r) => r.accessToken)).toEqual([call.accessToken]);
      await doomed;
    } finally {
      idp.refreshGate = undefined;
      release();
    }
  }, 90_000);
});
