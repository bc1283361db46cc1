// RFC 8936 poll delivery on two app instances sharing one Redis: the Redis lease lets one poll at
// a time and every event is acted on exactly once (the test suite); an instance killed while it
// holds a poll loses no event, the survivor taking over once the lease (30 s) has lapsed (the
// long suite: most of it is that wait).
import { setTimeout as sleep } from 'node:timers/promises';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable } from '../availability.js';
import { type RedisServer, startRedisServer } from '../redis-server.js';
import { type Instances, startInstances } from './instances.js';
import { type SharedIdp, startSharedIdp } from './shared-idp.js';
import { send, Visitor } from './visitor.js';

const SESSIONS_REVOKED = 'https://schemas.openid.net/secevent/risc/event-type/sessions-revoked';
/** As the other multi-instance tests: a loaded 2-core machine may hold an answer for most of a second. */
const STORE_TIMEOUT_MS = 10_000;

/** Waits for `condition` (bounded) and returns how long that took. */
export async function until(condition: () => Promise<boolean>, withinMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > withinMs) throw new Error(`${what} not within ${withinMs} ms`);
    await sleep(50);
  }
  return performance.now() - started;
}

/** Security events each instance acted on, by asking its /health. */
async function processed(instances: Instances['all']): Promise<number[]> {
  return Promise.all(
    instances.map(
      async (instance) => (JSON.parse((await send(`${instance.url}/health`)).text) as { processed: number }).processed,
    ),
  );
}

/** Two instances polling one transmitter: exactly once; with `takeover`, an instance killed mid-poll. */
export function describePolling(takeover: boolean): void {
  describe.runIf(redisAvailable())('two app instances polling one Shared Signals transmitter', () => {
    let redis: RedisServer;
    let idp: SharedIdp;
    let app: Instances;
    beforeAll(async () => {
      [redis, idp] = await Promise.all([startRedisServer(), startSharedIdp()]);
      app = await startInstances({
        count: 2,
        redisUrl: redis.url,
        prefix: 'iw-poll:',
        idpUrl: idp.url,
        commandTimeoutMs: STORE_TIMEOUT_MS,
        ssfIssuer: `${idp.url}/ssf`,
        ssfDelivery: 'poll',
      });
    }, 120_000);
    afterAll(async () => {
      await app?.stop();
      await Promise.all([redis?.stop(), idp?.close()]);
    });
    // RISC sessions-revoked, the way Google still sends it.
    const issue = (sub: string) =>
      idp.transmitter.issue(SESSIONS_REVOKED, { format: 'iss_sub', iss: FAKE_OPENID.issuer, sub });

    it('every event is acted on exactly once', async () => {
      const visitor = new Visitor();
      await visitor.signIn(app.all[0]!.url, idp.fake, 'fay', 'sid-fay');
      expect((await visitor.callApi(app.all[1]!.url)).status).toBe(200);
      // 40 events (one about the signed-in user), queued at once: both instances poll every second.
      const first = await Promise.all(Array.from({ length: 40 }, (_, i) => issue(i === 17 ? 'fay' : `nobody-${i}`)));
      for (const set of first) idp.transmitter.enqueue(set);
      await until(async () => idp.transmitter.pending === 0, 30_000, 'the first 40 events polled');
      await until(async () => (await processed(app.all)).reduce((a, b) => a + b) === 40, 5_000, '40 acted on');
      expect((await processed(app.all)).reduce((a, b) => a + b)).toBe(40);
      expect([...idp.transmitter.acknowledged].sort()).toEqual(first.map((s) => s.jti).sort());
      expect(idp.transmitter.errors.size).toBe(0);
      expect((await visitor.callApi(app.all[1]!.url)).status).toBe(401);
    }, 60_000);

    if (!takeover) return;
    it('none is lost when the instance holding a poll is killed: the survivor takes over', async () => {
      // 40 events. The first poll to find them is held; the instance that sent it (holding the
      // poll lease, nothing acknowledged) is killed: no close, its lease left to expire.
      const second = await Promise.all(Array.from({ length: 40 }, (_, i) => issue(`later-${i}`)));
      let poller: string | undefined;
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      idp.pollGate = async (instance) => {
        if (poller !== undefined || idp.transmitter.pending === 0) return;
        poller = instance;
        await held;
      };
      for (const set of second) idp.transmitter.enqueue(set);
      await until(async () => poller !== undefined, 10_000, 'a poll of the second batch');
      const stopped = app.all.find((instance) => instance.name === poller)!;
      const survivor = app.all.find((instance) => instance !== stopped)!;
      const before = (await processed([survivor]))[0]!;
      await app.kill(stopped);
      release();
      idp.pollGate = undefined;
      // The survivor takes over once the dead instance's lease (30 s) has expired.
      await until(async () => idp.transmitter.pending === 0, 60_000, 'the second 40 events polled by the survivor');
      await until(async () => (await processed([survivor]))[0]! - before === 40, 5_000, 'the survivor acted on 40');
      const acknowledged = idp.transmitter.acknowledged.filter((jti) => second.some((s) => s.jti === jti));
      expect(acknowledged.sort()).toEqual(second.map((s) => s.jti).sort());
      expect(idp.transmitter.errors.size).toBe(0);
    }, 120_000);
  });
}
