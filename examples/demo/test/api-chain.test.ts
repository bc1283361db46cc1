// The API chain end to end over real HTTP on 127.0.0.1: the Koa web app calls the middle tier with
// the user's token, the middle tier calls the downstream API on the user's behalf (RFC 8693 token
// exchange at the demo IdP), on two middle-tier instances sharing one private Redis; a sign-out at
// the IdP reaches the web app and, forwarded by the IdP, the middle tier.
import { randomBytes } from 'node:crypto';
import { createPostgresStores, type PostgresStores } from '@identity-web/postgres';
import { createRedisStores, type RedisStores } from '@identity-web/redis';
import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { type DownstreamApi, startDownstreamApi } from '@identity-web-examples/downstream-api';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { type KoaWebApp, startKoaWebApp } from '@identity-web-examples/koa-web-app';
import { type MiddleTierApi, startMiddleTierApi } from '@identity-web-examples/middle-tier-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/index.js';
import { postgresAvailable } from '../src/private-postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../src/private-redis.js';
import { redisServerAvailable } from './support/redis-available.js';
import { startTokenTap, type TokenTap } from './support/token-tap.js';

const secret = () => randomBytes(32).toString('base64url');
const MIDDLE = { clientId: 'middle-tier-api', clientSecret: secret(), resource: 'api://identity-web-demo-middle' };

/**
 * Where the API tier files the tokens it had on behalf of a user: the partition key of
 * packages/core/src/api/domain/store-keys.ts (onBehalfOfKey), which no public entry exports. The
 * test first sees a partition under it, so a key that drifted fails loudly rather than passing.
 */
const onBehalfOfKey = (issuer: string, subject: string) => `\u0000obo\u0000${issuer}\u0000${subject}`;

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe.runIf(redisServerAvailable())('the API chain: web app → middle tier (two instances, one Redis) → API', () => {
  let redis: PrivateRedis;
  let idp: DemoIdp;
  let api: DownstreamApi;
  const stores: RedisStores[] = [];
  const middles: MiddleTierApi[] = [];
  let tap: TokenTap;
  let koa: KoaWebApp;
  const log: string[] = [];
  const browser = new Browser('dave');

  beforeAll(async () => {
    redis = await startPrivateRedis(await freePort());
    const [idpPort, koaPort, middlePort] = [await freePort(), await freePort(), await freePort()];
    const koaUrl = `http://127.0.0.1:${koaPort}`;
    const koaClient = { clientId: 'koa-web-app', clientSecret: secret(), baseUrl: koaUrl };
    idp = await startDemoIdp({
      clients: [koaClient],
      port: idpPort,
      middleTier: { ...MIDDLE, baseUrl: `http://127.0.0.1:${middlePort}` },
      log: (line) => log.push(line),
    });
    api = await startDownstreamApi({ issuer: idp.issuer, port: await freePort() });
    // Two instances, as two processes would be: each its own connections to the one Redis.
    const shared = {
      issuer: idp.issuer,
      ...MIDDLE,
      secret: secret(),
      downstream: { url: api.whoamiUrl },
      sharedSignals: { issuer: `${idp.issuer}/ssf` },
    };
    for (const port of [middlePort, await freePort()]) {
      const own = createRedisStores({ url: redis.url });
      stores.push(own);
      middles.push(await startMiddleTierApi({ ...shared, port, stores: own }));
    }
    tap = await startTokenTap(middles[0]!.url);
    koa = await startKoaWebApp({
      IDENTITY_WEB_ISSUER: idp.issuer,
      IDENTITY_WEB_CLIENT_ID: koaClient.clientId,
      IDENTITY_WEB_CLIENT_SECRET: koaClient.clientSecret,
      IDENTITY_WEB_BASE_URL: koaUrl,
      IDENTITY_WEB_SECRET: secret(),
      IDENTITY_WEB_LOG_LEVEL: 'silent',
      DOWNSTREAM_API_URL: api.whoamiUrl,
      DOWNSTREAM_API_SCOPES: 'api:read',
      MIDDLE_TIER_URL: `${tap.origin}/chain`,
      MIDDLE_TIER_SCOPES: 'middle:read',
      SHARED_SIGNALS_ISSUER: `${idp.issuer}/ssf`,
      PORT: String(koaPort),
    });
  }, 60_000);
  afterAll(async () => {
    await koa?.close();
    await tap?.close();
    for (const middle of middles.reverse()) await middle.close();
    for (const own of stores) await own.close();
    await api?.close();
    await idp?.close();
    await redis?.stop();
  });

  const partitions = () =>
    Promise.all(stores.map((own) => own.tokenCacheStore.getPartition(onBehalfOfKey(idp.issuer, 'dave'))));
  const withOldToken = (middle: MiddleTierApi) =>
    fetch(middle.chainUrl, { headers: { authorization: `Bearer ${tap.tokens[0]}` } });

  it("signs in, and the chain page shows the downstream API's answer through the middle tier", async () => {
    const home = await browser.navigate(`${koa.url}/auth/sign-in?returnTo=/`);
    expect(home.html).toContain('Hello Dave');
    expect(home.html).toContain('href="/chain"');
    const chain = await browser.json(`${koa.url}/chain.json`);
    expect(chain).toMatchObject({
      status: 200,
      body: {
        scopes: ['middle:read'],
        api: {
          status: 200,
          body: {
            caller: { sub: 'dave', client_id: 'koa-web-app', scope: 'middle:read' },
            onBehalfOf: { fingerprint: expect.stringMatching(/^[\w-]{12}$/), scopes: ['api:read'] },
            // The downstream API saw the user, through the middle tier's client.
            downstream: { status: 200, body: { sub: 'dave', client_id: MIDDLE.clientId, scope: 'api:read' } },
          },
        },
      },
    });
    // The web app sent the middle tier a token for its resource, with the provider session in it.
    expect(tap.tokens).toHaveLength(1);
    expect(claimsOf(tap.tokens[0]!)).toMatchObject({ aud: MIDDLE.resource, sub: 'dave', sid: expect.any(String) });
    const page = await browser.navigate(`${koa.url}/chain`);
    expect(page.html).toContain('What a sign-out removes');
    expect(page.html).toMatch(/id="downstream"><pre>[^<]*middle-tier-api/);
    // The second instance serves the same user's token from the shared store: the same exchanged token.
    const fingerprint = (chain.body as { api: { body: { onBehalfOf: { fingerprint: string } } } }).api.body.onBehalfOf
      .fingerprint;
    const second = await withOldToken(middles[1]!);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ onBehalfOf: { fingerprint }, downstream: { body: { sub: 'dave' } } });
    // Both instances see the user's partition in Redis.
    expect((await partitions()).map((p) => p !== null)).toEqual([true, true]);
  });

  it("a sign-out at the IdP removes the web app's account and the middle tier's tokens on both instances", async () => {
    const before = log.length;
    const sent = tap.tokens.length;
    await browser.signOut(koa.url, { frames: false });
    expect(log.slice(before)).toEqual(
      expect.arrayContaining([
        'back-channel logout delivered to koa-web-app',
        `back-channel logout delivered to ${MIDDLE.clientId} (it acted in the session)`,
      ]),
    );
    // The web app: no session, no account in its token cache.
    expect(await browser.cache(koa.url)).toMatchObject({ sessions: 0, cachedAccounts: 0, account: null });
    // The middle tier: the user's on-behalf-of tokens are gone from the store both instances use.
    expect(await partitions()).toEqual([null, null]);
    // The old token for the middle tier carries the ended session: refused by both instances.
    for (const middle of middles) {
      const refused = await withOldToken(middle);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
    // The next call through the chain asks to sign in: 401 for a script, a redirect for a browser.
    expect((await browser.json(`${koa.url}/chain.json`)).status).toBe(401);
    const navigation = await browser.request(new URL(`${koa.url}/chain`));
    expect(navigation.status).toBe(302);
    expect(navigation.headers.get('location')).toContain('/auth/sign-in');
    expect(tap.tokens).toHaveLength(sent); // nothing reached the middle tier after the sign-out
  });

  it("a CAEP event at the IdP's transmitter removes the web app's account and the middle tier's tokens on both instances", async () => {
    await browser.navigate(`${koa.url}/auth/sign-in?returnTo=/`);
    expect((await browser.json(`${koa.url}/chain.json`)).status).toBe(200);
    expect((await partitions()).map((p) => p !== null)).toEqual([true, true]);
    const before = log.length;
    // What an admin does at the provider: revoke the user's sessions, pushed to every app and API.
    const sent = await fetch(`${idp.issuer}/ssf/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: 'dave', event: 'session revoked (CAEP)' }),
    });
    expect(sent.status).toBe(200);
    expect(log.slice(before)).toEqual(
      expect.arrayContaining([
        'security event session-revoked about dave pushed to koa-web-app: 202',
        `security event session-revoked about dave pushed to ${MIDDLE.clientId}: 202`,
      ]),
    );
    expect(await browser.cache(koa.url)).toMatchObject({ sessions: 0, cachedAccounts: 0, account: null });
    expect(await partitions()).toEqual([null, null]);
    expect((await browser.json(`${koa.url}/chain.json`)).status).toBe(401);
  });
});

/** `pnpm demo --redis` or `--postgres`: koa → middle and koa2 → middle2, on the store the demo shares. */
function describeDemoChain(store: 'redis' | 'postgres', available: boolean): void {
  describe.runIf(available)(`pnpm demo --${store}: the chain through both Koa and both middle-tier instances`, () => {
    let demo: Demo;
    let reader: RedisStores | PostgresStores;
    const browser = new Browser('erin');
    beforeAll(async () => {
      demo = await startDemo({
        ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, koa2: 0 },
        [store]: {},
        logLevel: 'silent',
      });
      // The test's own view of the middle tier's stores, namespaced as the middle tier's are.
      reader =
        store === 'redis'
          ? createRedisStores({ url: demo.redisUrl ?? '' })
          : createPostgresStores({ url: demo.databaseUrl ?? '' });
      reader.forApp({ issuer: demo.urls.idp, clientId: MIDDLE.clientId });
    }, 60_000);
    afterAll(async () => {
      await reader?.close();
      await demo?.stop();
    });

    it('answers through middle and middle2 with one cached token, and a sign-out ends it on both', async () => {
      const [koa, koa2] = [demo.urls.koa, demo.urls.koa2 ?? ''];
      expect([demo.urls.middle, demo.urls.middle2]).toEqual([expect.any(String), expect.any(String)]);
      await browser.navigate(`${koa}/auth/sign-in?returnTo=/`);
      const fingerprints: unknown[] = [];
      for (const app of [koa, koa2]) {
        const { status, body } = await browser.json(`${app}/chain.json`);
        expect({ status, body }).toMatchObject({
          status: 200,
          body: { api: { status: 200, body: { downstream: { body: { sub: 'erin', client_id: MIDDLE.clientId } } } } },
        });
        fingerprints.push(
          (body as { api: { body: { onBehalfOf: { fingerprint: string } } } }).api.body.onBehalfOf.fingerprint,
        );
      }
      // koa2 calls middle2: the same token for the middle tier, served from the shared store.
      expect(fingerprints[1]).toBe(fingerprints[0]);
      const partition = () => reader.tokenCacheStore.getPartition(onBehalfOfKey(demo.urls.idp, 'erin'));
      expect(await partition()).not.toBeNull();
      await browser.signOut(koa, { frames: false });
      expect(await partition()).toBeNull();
      for (const app of [koa, koa2]) expect((await browser.json(`${app}/chain.json`)).status).toBe(401);
    });
  });
}

describeDemoChain('redis', redisServerAvailable());
describeDemoChain('postgres', postgresAvailable("the demo chain's --postgres test"));
