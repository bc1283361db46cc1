import { type Demo, startDemo } from '@identity-web-examples/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  closeAll,
  describeWithBrowser,
  launchBrowser,
  newLoopbackContext,
  textOf,
} from '../src/browser.js';
import { type CallApiAnswer, readJsonPage, signInFromHome } from '../src/demo-app.js';

const ANY_FREE_PORT = { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 };

// Browsers keep cookies per host, not per port: apps on 127.0.0.1 share one cookie jar. The same
// app on four frameworks (Koa, Hono, Express, Fastify), each a client of the IdP of its own.
describeWithBrowser('four apps on one host, told apart by port', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ ports: ANY_FREE_PORT, oneHost: true, logLevel: 'silent' });
    browser = await launchBrowser();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll(
      () => browser?.close(),
      () => demo?.stop(),
    );
  }, BROWSER_HOOK_TIMEOUT_MS);

  it('one browser signs in to all four and stays signed in to each', async () => {
    const { koa, hono, express, fastify, idp } = demo.urls;
    const apps = { koa, hono, express, fastify };
    const urls = Object.values(apps);
    expect(urls.map((url) => new URL(url).hostname)).toEqual(urls.map(() => '127.0.0.1'));
    expect(new Set(urls.map((url) => new URL(url).port)).size).toBe(urls.length);
    const { context } = await newLoopbackContext(browser);
    try {
      const page = await context.newPage();
      // The first sign-in asks for the login; every next one is single sign-on: a consent, no login.
      for (const [index, url] of urls.entries()) {
        const trip = await signInFromHome(page, url, idp, 'dora');
        expect(trip.interactions, url).toEqual(index === 0 ? ['login', 'consent'] : ['consent']);
        expect(await textOf(page.locator('h1')), url).toBe('Hello Dora');
      }
      // Back and forth: each app still finds its own session and serves the API call from it. A
      // lost session would not show as an error: single sign-on at the IdP would quietly sign the
      // browser in again. So no request may go to the IdP meanwhile.
      const idpRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(idp)) idpRequests.push(request.url());
      });
      for (const [app, url] of [...Object.entries(apps), ...Object.entries(apps)]) {
        await page.goto(`${url}/call-api`);
        const answer = await readJsonPage<CallApiAnswer>(page);
        expect(answer.api, app).toMatchObject({ status: 200, body: { sub: 'dora', client_id: `${app}-web-app` } });
      }
      expect(idpRequests).toEqual([]);
      const names = (await context.cookies('http://127.0.0.1/')).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(urls.map((url) => `iw.session.${new URL(url).port}`)));
    } finally {
      await context.close();
    }
  });
});
