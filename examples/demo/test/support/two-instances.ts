// `pnpm demo --redis` and `pnpm demo --postgres`: the Koa app twice, sharing a private server the
// demo started, driven over real HTTP.
import { connect } from 'node:net';
import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../../src/index.js';

/** Whether anything accepts connections on the URL's port (a stopped server does not). */
function listening(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const STORES = {
  redis: { name: 'Redis', url: /^redis:\/\/127\.0\.0\.1:\d+$/, server: 'redis-server' },
  postgres: { name: 'PostgreSQL', url: /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/, server: 'PostgreSQL' },
};

/** The demo on `store`, skipped unless `available` (its server binaries are installed). */
export function describeTwoInstances(store: keyof typeof STORES, available: boolean): void {
  const { name, url: urlPattern, server } = STORES[store];
  // Redis stores do not count their keys (no keyspace scans): their counts are null.
  const counted = (count: number) => (store === 'redis' ? null : count);
  describe.runIf(available)(`the demo with --${store}: two Koa instances on one ${name}`, () => {
    let demo: Demo;
    let second: string;
    const browser = new Browser('carol');
    const storeUrl = () => (store === 'redis' ? demo.redisUrl : demo.databaseUrl) ?? '';
    beforeAll(async () => {
      demo = await startDemo({
        ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, koa2: 0 },
        [store]: {},
        logLevel: 'silent',
      });
      second = demo.urls.koa2 ?? '';
    }, 60_000);
    afterAll(async () => {
      await demo?.stop();
    });

    it('runs the second instance on the same host name, so one browser cookie reaches both', () => {
      expect(new URL(second).hostname).toBe(new URL(demo.urls.koa).hostname);
      expect(new URL(second).port).not.toBe(new URL(demo.urls.koa).port);
      expect(storeUrl()).toMatch(urlPattern);
    });

    it('signs in on one instance and is served by the other: one session, one token cache', async () => {
      const home = await browser.navigate(`${demo.urls.koa}/auth/sign-in?returnTo=/`);
      expect(home.html).toContain('Hello Carol');
      const call = await browser.json(`${second}/call-api`);
      expect(call).toMatchObject({
        status: 200,
        body: { api: { status: 200, body: { sub: 'carol', client_id: 'koa-web-app' } } },
      });
      // This instance holds the account in memory now.
      expect(await browser.cache(second)).toMatchObject({
        sessions: counted(1),
        cachedAccounts: counted(1),
        hotIndexAccounts: 1,
        account: { cached: true },
      });
      // Signing in on the second instance comes back to it: both origins are registered at the IdP.
      const again = await browser.navigate(`${second}/auth/sign-in?returnTo=/`);
      expect(again.url.origin).toBe(second);
    });

    it("a sign-out on the first instance empties the second one's cache", async () => {
      expect((await browser.json(`${demo.urls.koa}/call-api`)).status).toBe(200);
      expect((await browser.cache(second)).hotIndexAccounts).toBe(1);
      await browser.startSignOut(demo.urls.koa);
      expect(await browser.cache(second)).toEqual({
        sessions: counted(0),
        cachedAccounts: counted(0),
        hotIndexAccounts: 0,
        account: null,
      });
      expect(await browser.json(`${second}/call-api`)).toMatchObject({ status: 401 });
    });

    it(`stops its private ${server} with the rest of the demo`, async () => {
      const url = storeUrl();
      expect(await listening(url)).toBe(true);
      await demo.stop();
      expect(await listening(url)).toBe(false);
    });
  });
}
