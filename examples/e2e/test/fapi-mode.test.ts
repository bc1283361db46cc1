import { type Demo, startDemo } from '@identity-web-examples/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  closeAll,
  describeWithBrowser,
  type LoopbackContext,
  launchBrowser,
  newLoopbackContext,
  textOf,
} from '../src/browser.js';
import { type CallApiAnswer, readJsonPage, signInFromHome } from '../src/demo-app.js';

// `pnpm demo --fapi` in a browser, whatever IDENTITY_WEB_DEMO_FAPI says (with it, every other
// suite runs in FAPI 2.0 mode too): the authorization requests the browser carries are pushed
// ones (RFC 9126: `client_id` and `request_uri`, nothing else), and the API, which takes
// DPoP-bound tokens only, answers both apps.
describeWithBrowser('the demo in FAPI 2.0 mode (pnpm demo --fapi)', () => {
  let demo: Demo;
  let browser: Browser;
  let tab: LoopbackContext;
  let page: Page;
  /** Every request of the browser to the IdP's authorization endpoint. */
  const authorizationRequests: URL[] = [];

  beforeAll(async () => {
    demo = await startDemo({ fapi: true, ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 } });
    browser = await launchBrowser();
    tab = await newLoopbackContext(browser);
    tab.context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === demo.urls.idp && url.pathname === '/auth') authorizationRequests.push(url);
    });
    page = await tab.context.newPage();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll(
      () => tab?.context.close(),
      () => browser?.close(),
      () => demo?.stop(),
    );
  }, BROWSER_HOOK_TIMEOUT_MS);

  it('signs in to both apps with pushed authorization requests and calls the DPoP-only API from each', async () => {
    const { idp, koa, hono, api } = demo.urls;
    expect(demo.fapi).toBe(true);
    expect((await signInFromHome(page, koa, idp, 'alice')).interactions).toEqual(['login', 'consent']);
    expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
    expect((await signInFromHome(page, hono, idp, 'alice')).interactions).toEqual(['consent']);
    expect(authorizationRequests.map((url) => [...url.searchParams.keys()].sort())).toEqual([
      ['client_id', 'request_uri'],
      ['client_id', 'request_uri'],
    ]);
    expect(authorizationRequests.map((url) => url.searchParams.get('client_id'))).toEqual([
      'koa-web-app',
      'hono-web-app',
    ]);

    for (const [app, clientId] of [
      [koa, 'koa-web-app'],
      [hono, 'hono-web-app'],
    ] as const) {
      await page.goto(`${app}/call-api`);
      expect((await readJsonPage<CallApiAnswer>(page)).api).toMatchObject({
        status: 200,
        body: { sub: 'alice', client_id: clientId },
      });
    }
    // What the apps got past: the API refuses a Bearer token and asks for DPoP.
    const bearer = await fetch(`${api}/whoami`, { headers: { authorization: 'Bearer any' } });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toMatch(/^DPoP /);
  });
});
