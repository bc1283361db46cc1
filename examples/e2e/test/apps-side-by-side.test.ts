import { type Demo, startDemo } from '@identity-web-examples/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  closeAll,
  describeWithBrowser,
  launchBrowser,
  newLoopbackContext,
} from '../src/browser.js';
import { type CallApiAnswer, readJsonPage, signInFromHome } from '../src/demo-app.js';

const ANY_FREE_PORT = { idp: 0, api: 0, koa: 0, hono: 0 };

// Browsers keep cookies per host, not per port: two apps on 127.0.0.1 share one cookie jar.
describeWithBrowser('two apps on one host, told apart by port', () => {
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

  it('one browser signs in to both and stays signed in to both', async () => {
    const { koa, hono, idp } = demo.urls;
    expect(new URL(koa).hostname).toBe('127.0.0.1');
    expect(new URL(hono).hostname).toBe('127.0.0.1');
    expect(new URL(koa).port).not.toBe(new URL(hono).port);
    const { context } = await newLoopbackContext(browser);
    try {
      const page = await context.newPage();
      await signInFromHome(page, koa, idp, 'dora');
      await signInFromHome(page, hono, idp, 'dora');
      // Back and forth: each app still finds its own session and serves the API call from it. A
      // lost session would not show as an error: single sign-on at the IdP would quietly sign the
      // browser in again. So no request may go to the IdP meanwhile.
      const idpRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(idp)) idpRequests.push(request.url());
      });
      for (const [app, url] of [...Object.entries({ koa, hono }), ...Object.entries({ koa, hono })]) {
        await page.goto(`${url}/call-api`);
        const answer = await readJsonPage<CallApiAnswer>(page);
        expect(answer.api, app).toMatchObject({ status: 200, body: { sub: 'dora', client_id: `${app}-web-app` } });
      }
      expect(idpRequests).toEqual([]);
      const names = (await context.cookies('http://127.0.0.1/')).map((c) => c.name);
      expect(names).toEqual(
        expect.arrayContaining([`iw.session.${new URL(koa).port}`, `iw.session.${new URL(hono).port}`]),
      );
    } finally {
      await context.close();
    }
  });
});
