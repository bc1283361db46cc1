// docs/web-apis.md's middle tier ("Calling further APIs on behalf of the user") run as written
// against `pnpm demo:idp --middle-tier`: the doc's Koa block, with only its example.com addresses,
// scopes and secrets swapped for the ones the demo provider printed, is the middle tier between
// the Koa example app and a billing API; a sign-out at the provider reaches it through the block's
// own back-channel logout route.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createIdentityWebApi } from '@identity-web/core/api';
import { type ApiState, protectApi } from '@identity-web/koa';
import { createOidcApiProvider } from '@identity-web/oidc';
import {
  type DemoIdp,
  parseDemoIdpArgs,
  planIdps,
  startMessage,
  startPlannedIdps,
} from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { type KoaWebApp, startKoaWebApp } from '@identity-web-examples/koa-web-app';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../src/private-redis.js';
import { redisServerAvailable } from './support/redis-available.js';

const DOC = fileURLToPath(new URL('../../../docs/web-apis.md', import.meta.url));
const GENERATED = new URL('./.generated/', import.meta.url);
const SECTION = '## Calling further APIs on behalf of the user';
const secret = () => randomBytes(32).toString('base64url');

/** The first TypeScript block of the doc's section. */
function docBlock(): string {
  const section = readFileSync(DOC, 'utf8').split(SECTION)[1]?.split('\n## ')[0] ?? '';
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`docs/web-apis.md: no ts block under "${SECTION}"`);
  return block;
}

/** `block` with each `[doc's text, ours]` swapped, each found exactly once: a doc that drifts fails here. */
function swapped(block: string, swaps: readonly (readonly [string, string])[]): string {
  return swaps.reduce((text, [from, to]) => {
    const parts = text.split(from);
    if (parts.length !== 2)
      throw new Error(`the doc's block has ${parts.length - 1} of ${JSON.stringify(from)}, not 1`);
    return parts.join(to);
  }, block);
}

/** A billing API behind `protectApi`: answers an invoice to a caller with an `api:read` token for it. */
function startBilling(issuer: string, resource: string, port: number): Promise<Server> {
  const api = createIdentityWebApi({
    identityProvider: createOidcApiProvider({ issuer, clientId: 'billing-api', allowInsecureRequests: true }),
    audience: resource,
    baseUrl: `http://127.0.0.1:${port}`,
  });
  const router = new Router<ApiState>();
  router.get('/invoices/:id', protectApi(api, { scopes: ['api:read'] }), (ctx) => {
    const { subject, clientId, scopes } = ctx.state.api;
    ctx.body = { invoice: ctx.params.id, for: subject, calledBy: clientId, scopes };
  });
  const server = createServer(new Koa().use(router.routes()).callback());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe.runIf(redisServerAvailable())("docs/web-apis.md's middle tier against pnpm demo:idp --middle-tier", () => {
  const env = { ORDERS_API_CLIENT_SECRET: secret(), ORDERS_API_SECRET: secret(), REDIS_URL: '' };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const log: string[] = [];
  const browser = new Browser('erin');
  const closers: (() => Promise<unknown>)[] = [];
  let idp: DemoIdp;
  let koa: KoaWebApp;
  let message: string;

  beforeAll(async () => {
    const redis: PrivateRedis = await startPrivateRedis(await freePort());
    closers.push(() => redis.stop());
    env.REDIS_URL = redis.url;
    const [koaPort, middlePort, billingPort] = [await freePort(), await freePort(), await freePort()];
    const koaClient = { clientId: 'shop', clientSecret: secret(), url: `http://127.0.0.1:${koaPort}` };
    const middleUrl = `http://127.0.0.1:${middlePort}`;
    // What the newcomer types: `pnpm demo:idp --client … --middle-tier orders-api:<secret>@<url>`.
    const cli = parseDemoIdpArgs(
      [
        ...['--port', '0', '--client', `${koaClient.clientId}:${koaClient.clientSecret}@${koaClient.url}`],
        ...['--middle-tier', `orders-api:${env.ORDERS_API_CLIENT_SECRET}@${middleUrl}`],
      ],
      {},
    );
    if (cli.help) throw new Error('expected options');
    const running = await startPlannedIdps(planIdps(cli.options), (line) => log.push(line));
    closers.push(() => running.close());
    idp = running.idps[0]!.idp;
    message = startMessage(running.idps, cli);
    const middle = idp.middleTier!;
    const billing = await startBilling(idp.issuer, idp.api.resource, billingPort);
    closers.push(() => new Promise((resolve) => billing.close(resolve)));

    // The doc's block, its placeholders swapped for what the demo printed, as a module of its own.
    const code = swapped(docBlock(), [
      ["issuer: 'https://login.example.com',", `issuer: '${idp.issuer}', allowInsecureRequests: true,`],
      ["audience: 'api://orders'", `audience: '${middle.resource}'`],
      ["baseUrl: 'https://orders.example.com'", `baseUrl: '${middleUrl}'`],
      ["scopes: ['orders.read']", `scopes: ['${middle.scopes[0]}']`],
      ["scopes: ['invoices.read']", `scopes: ['${idp.api.scopes[0]}']`],
      ["resource: 'https://billing.example.com'", `resource: '${idp.api.resource}'`],
      ['https://billing.example.com/invoices/', `http://127.0.0.1:${billingPort}/invoices/`],
      // The one change that is not an address: the stores kept, so the test can close them.
      [
        'stores: createRedisStores({ url: process.env.REDIS_URL! }),',
        'stores: kept(createRedisStores({ url: process.env.REDIS_URL! })),',
      ],
    ]);
    mkdirSync(GENERATED, { recursive: true });
    const file = new URL('web-apis-middle-tier.ts', GENERATED);
    const keep =
      'export const stores: { close(): Promise<void> }[] = [];\nconst kept = <T extends { close(): Promise<void> }>(s: T) => (stores.push(s), s);\n';
    writeFileSync(file, `${keep}${code}\nexport { api, router };\n`);
    Object.assign(process.env, env);
    const doc = (await import(/* @vite-ignore */ file.href)) as {
      router: Router;
      stores: { close(): Promise<void> }[];
    };
    closers.push(() => Promise.all(doc.stores.map((stores) => stores.close())));
    const server = createServer(new Koa().use(doc.router.routes()).callback());
    await new Promise<void>((resolve) => server.listen(middlePort, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));

    koa = await startKoaWebApp({
      IDENTITY_WEB_ISSUER: idp.issuer,
      IDENTITY_WEB_CLIENT_ID: koaClient.clientId,
      IDENTITY_WEB_CLIENT_SECRET: koaClient.clientSecret,
      IDENTITY_WEB_BASE_URL: koaClient.url,
      IDENTITY_WEB_SECRET: secret(),
      IDENTITY_WEB_LOG_LEVEL: 'silent',
      DOWNSTREAM_API_URL: `http://127.0.0.1:${billingPort}/invoices/1`,
      DOWNSTREAM_API_SCOPES: idp.api.scopes[0]!,
      MIDDLE_TIER_URL: `${middleUrl}/orders/42/invoice`,
      MIDDLE_TIER_SCOPES: middle.scopes.join(' '),
      PORT: String(koaPort),
    });
    closers.push(() => koa.close());
  }, 60_000);

  afterAll(async () => {
    // Every closer runs (the private Redis last), and the first failure is reported after.
    const failures: unknown[] = [];
    for (const close of closers.reverse()) await close().catch((error: unknown) => failures.push(error));
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (failures.length > 0) throw failures[0];
  });

  it('the demo printed the middle tier the block is given', () => {
    const middle = idp.middleTier!;
    expect(message).toContain('Middle tier orders-api');
    const line = (label: string) =>
      message
        .split('\n')
        .find((l) => l.trim().startsWith(label))
        ?.trim() ?? '';
    expect(line('its resource and scopes')).toMatch(new RegExp(` {2,}${middle.resource}, ${middle.scopes.join(' ')}$`));
    expect(line('exchanges for')).toContain(` ${idp.api.resource} (${idp.api.scopes.join(' ')})`);
  });

  it("the user's call reaches the billing API through the doc's route, on the user's behalf", async () => {
    const home = await browser.navigate(`${koa.url}/auth/sign-in?returnTo=/`);
    expect(home.html).toContain('Hello Erin');
    const chain = await browser.json(`${koa.url}/chain.json`);
    expect(chain).toMatchObject({
      status: 200,
      body: {
        api: {
          status: 200,
          // The billing API saw the user, through the middle tier's client, with the exchanged scope.
          body: { invoice: '42', for: 'erin', calledBy: 'orders-api', scopes: [idp.api.scopes[0]] },
        },
      },
    });
  });

  it("a sign-out at the provider reaches the block's back-channel logout route", async () => {
    const before = log.length;
    await browser.signOut(koa.url, { frames: false });
    expect(log.slice(before)).toEqual(
      expect.arrayContaining(['back-channel logout delivered to orders-api (it acted in the session)']),
    );
    expect((await browser.json(`${koa.url}/chain.json`)).status).toBe(401);
  });
});
