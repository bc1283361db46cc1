import { setTimeout as sleep } from 'node:timers/promises';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appNamespace, Keys } from '../src/keys.js';
import { redisAvailable } from './support/availability.js';
import { SLACK } from './support/in-time.js';
import { type Instances, startInstances } from './support/multi/instances.js';
import { startLoad } from './support/multi/load.js';
import { describePolling, until } from './support/multi/polling.js';
import { type SharedIdp, startSharedIdp } from './support/multi/shared-idp.js';
import { postLogoutToken, send, Visitor } from './support/multi/visitor.js';
import { redisCli } from './support/redis-cli.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

const PREFIX = 'iw-multi:';
const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
/** The instances' channel: under the namespace their stores derive from the app (issuer, client id). */
const CHANNEL = new Keys(PREFIX, appNamespace({ issuer: FAKE_OPENID.issuer, clientId: FAKE_OPENID.clientId })).channel;
/**
 * A burst of 1,000 requests on a busy 2-core machine can keep an instance's event loop from
 * reading a Redis answer for a good part of a second, so tighter deadlines would turn load into
 * 503s. And the deadline is also how long a call waits for another instance's refresh: the storm
 * below holds the first refresh for up to 8 s, so 10 s.
 */
const STORE_TIMEOUT_MS = 10_000;

/** Subscribers of the invalidation channel: one per instance once their buses are connected. */
async function subscribers(redis: RedisServer): Promise<number> {
  const reply = await redisCli(redis.port, ['PUBSUB', 'NUMSUB', CHANNEL]).catch(() => '');
  return Number(reply.trim().split('\n')[1] ?? 0);
}

// Three app instances as separate processes, one private redis-server, one fake provider served
// over HTTP by this process, and one browser whose cookie goes to whichever instance it asks.
describe.runIf(redisAvailable())('three app instances as processes on one Redis', () => {
  let redis: RedisServer;
  let idp: SharedIdp;
  let app: Instances;
  beforeAll(async () => {
    [redis, idp] = await Promise.all([startRedisServer(), startSharedIdp()]);
    app = await startInstances({
      count: 3,
      redisUrl: redis.url,
      prefix: PREFIX,
      idpUrl: idp.url,
      commandTimeoutMs: STORE_TIMEOUT_MS,
      ssfIssuer: `${idp.url}/ssf`,
    });
    await until(async () => (await subscribers(redis)) === 3, 10_000, 'three bus subscriptions');
  }, 120_000);
  afterEach(() => {
    expect(app.failures()).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
    await Promise.all([redis?.stop(), idp?.close()]);
  });

  it('global sign-out: a logout token POSTed to one instance stops all three serving the token', async () => {
    const visitor = new Visitor();
    await visitor.signIn(app.all[0]!.url, idp.fake, 'ada', 'sid-ada');
    const served = await Promise.all(app.all.map((instance) => visitor.callApi(instance.url)));
    expect(served.map((call) => call.status)).toEqual([200, 200, 200]);
    expect(new Set(served.map((call) => call.accessToken)).size).toBe(1);

    const logout = await postLogoutToken(app.all[1]!.url, await idp.fake.logoutToken({ sub: 'ada', sid: 'sid-ada' }));
    expect(logout.status).toBe(200);
    // The very next request, on each instance: the hot index and session memo were dropped by then.
    for (const instance of [app.all[0]!, app.all[2]!, app.all[1]!]) {
      expect(await visitor.callApi(instance.url), instance.name).toEqual({ status: 401 });
    }
  });

  it('Shared Signals: a CAEP session-revoked pushed to one instance stops all three serving the token', async () => {
    const visitor = new Visitor();
    await visitor.signIn(app.all[0]!.url, idp.fake, 'eve', 'sid-eve');
    for (const instance of app.all) expect((await visitor.callApi(instance.url)).status).toBe(200);
    const event = await idp.transmitter.issue(SESSION_REVOKED, {
      format: 'complex',
      user: { format: 'iss_sub', iss: FAKE_OPENID.issuer, sub: 'eve' },
    });
    const pushed = await send(`${app.all[1]!.url}/auth/security-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/secevent+jwt' },
      body: event.set,
    });
    expect(pushed.status).toBe(202);
    // The very next request, on each instance, as for a back-channel logout.
    for (const instance of [app.all[0]!, app.all[2]!, app.all[1]!]) {
      expect(await visitor.callApi(instance.url), instance.name).toEqual({ status: 401 });
    }
    // The same SET again (a transmitter's retry) is refused as a replay, on any instance.
    const again = await send(`${app.all[2]!.url}/auth/security-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/secevent+jwt' },
      body: event.set,
    });
    expect(again.status).toBe(400);
  });

  it('refresh storm: 1,000 concurrent calls over three instances with an expired token make one refresh', async () => {
    const visitor = new Visitor();
    // Issued for 1 s: expired by the time the storm comes.
    idp.fake.accessTokenLifetime = 1;
    await visitor.signIn(app.all[0]!.url, idp.fake, 'bea', 'sid-bea');
    idp.fake.accessTokenLifetime = 3600;
    await sleep(1100);
    const before = idp.refreshes.length;
    // The first refresh is held until all 1,000 calls are inside the three instances (or 8 s,
    // below the lease's wait, which is the store deadline): no call can be served by a refresh
    // that finished before it came.
    const inFlight = async () => {
      const counts = await Promise.all(app.all.map(async (i) => JSON.parse((await send(`${i.url}/health`)).text)));
      return counts.map((c: { inFlight: number }) => c.inFlight);
    };
    let heldFor: number[] | undefined;
    idp.refreshGate = async () => {
      let counts = await inFlight();
      for (let i = 0; i < 160 && counts.reduce((a, b) => a + b) < 1000; i++) {
        await sleep(50);
        counts = await inFlight();
      }
      heldFor ??= counts; // what the first refresh to go through was held for
    };
    const calls = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => visitor.callApi(app.all[i % 3]!.url, 60_000)),
    ).finally(() => {
      idp.refreshGate = undefined;
    });
    expect(heldFor).toEqual([334, 333, 333]);
    const refreshes = idp.refreshes.slice(before);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ status: 200, accessToken: expect.any(String) });
    expect(calls.filter((call) => call.status !== 200)).toEqual([]);
    expect(new Set(calls.map((call) => call.accessToken))).toEqual(new Set([refreshes[0]!.accessToken]));
  }, 120_000);

  it('Redis killed and restarted under load: 503s only, back within 5 s, no instance crashed', async () => {
    const visitor = new Visitor();
    await visitor.signIn(app.all[2]!.url, idp.fake, 'cy', 'sid-cy');
    for (const instance of app.all) expect((await visitor.callApi(instance.url)).status).toBe(200);
    // A request may wait out one store operation's deadline, plus scheduling on a busy machine.
    const budget = STORE_TIMEOUT_MS + SLACK;
    const load = startLoad({
      instances: app.all,
      visitor,
      idp: idp.fake,
      workers: 8,
      timeoutMs: budget,
      maxRequests: 5000,
    });
    let down = 0;
    let restarting = 0;
    let up = 0;
    let recovered = 0;
    try {
      await sleep(500);
      await redis.kill();
      down = performance.now();
      await sleep(3000);
      // On a busy machine fewer notifications may have been answered in those 3 s (each waits
      // out a store deadline): Redis stays down until three have, so the check below has them.
      const answeredWhileDown = async () =>
        load.outcomes.filter((o) => o.kind === 'back-channel' && o.sentAt > down).length >= 3;
      await until(answeredWhileDown, 15_000, 'three notifications answered while Redis is down');
      restarting = performance.now();
      await redis.start();
      up = performance.now();
      // Back: each instance takes a logout notification again, and every bus has resubscribed.
      const logoutAccepted = async () => {
        const replies = await Promise.all(
          app.all.map(async (instance) =>
            postLogoutToken(
              instance.url,
              await idp.fake.logoutToken({ sub: 'nobody', sid: `probe-${Math.random()}` }),
              budget,
            ),
          ),
        );
        return replies.every((reply) => reply.status === 200) && (await subscribers(redis)) === 3;
      };
      recovered = up + (await until(logoutAccepted, 5000, 'recovery after the restart'));
      await sleep(500);
    } finally {
      await load.stop();
    }
    const { outcomes } = load;
    // Answered before the server was even started again: nothing could have reached Redis.
    const during = outcomes.filter((o) => o.sentAt > down && o.doneAt < restarting);
    const after = outcomes.filter((o) => o.sentAt > recovered);
    expect(outcomes.filter((o) => o.error !== undefined || (o.status !== 200 && o.status !== 503))).toEqual([]);
    // Notifications need Redis: refused with 503, so the provider delivers them again later.
    expect(during.filter((o) => o.kind === 'back-channel').length).toBeGreaterThanOrEqual(3);
    expect(during.filter((o) => o.kind === 'back-channel' && o.status !== 503)).toEqual([]);
    // The signed-in visitor's token came from each instance's memory all along.
    expect(outcomes.filter((o) => o.kind === 'call-api' && o.status !== 200)).toEqual([]);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((o) => o.status !== 200)).toEqual([]);

    // The restarted Redis is empty; a new sign-in and a global sign-out work end to end again.
    const next = new Visitor();
    await next.signIn(app.all[0]!.url, idp.fake, 'dee', 'sid-dee');
    for (const instance of app.all) expect((await next.callApi(instance.url)).status).toBe(200);
    const logout = await postLogoutToken(app.all[2]!.url, await idp.fake.logoutToken({ sub: 'dee', sid: 'sid-dee' }));
    expect(logout.status).toBe(200);
    for (const instance of app.all) expect(await next.callApi(instance.url)).toEqual({ status: 401 });
  }, 60_000);
});

describePolling(false);
