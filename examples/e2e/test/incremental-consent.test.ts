import { DEMO_API_SCOPES, type Demo, startDemo } from '@identity-web-examples/demo';
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
import { type CallApiAnswer, completeIdpTrip, readJsonPage, signInFromHome } from '../src/demo-app.js';
import { idpInteraction } from '../src/idp-pages.js';

const ANY_FREE_PORT = { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 };
// The demo API defines api:read and api:write; the apps consent only to api:read at sign-in.
const NOT_YET_CONSENTED = 'api:write';

describeWithBrowser('incremental consent', () => {
  let demo: Demo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ ports: ANY_FREE_PORT });
    browser = await launchBrowser();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll(
      () => browser?.close(),
      () => demo?.stop(),
    );
  }, BROWSER_HOOK_TIMEOUT_MS);

  it.each(['koa', 'hono', 'express', 'fastify'] as const)(
    '%s: /call-api?scope=<new scope> goes through the IdP consent page and comes back with the answer',
    async (app) => {
      expect(DEMO_API_SCOPES.split(' ')).not.toContain(NOT_YET_CONSENTED);
      const { idp } = demo.urls;
      const appUrl = demo.urls[app];
      const { context } = await newLoopbackContext(browser);
      try {
        const page = await context.newPage();
        await signInFromHome(page, appUrl, idp, 'carol');
        await page.goto(`${appUrl}/call-api`);
        const before = await readJsonPage<CallApiAnswer>(page);
        expect(before.api.body.scope?.split(' ')).not.toContain(NOT_YET_CONSENTED);

        // The app's acquireToken needs consent it does not have: the adapter challenges, the
        // IdP asks for that scope only (no credentials), and the browser returns to the call.
        await page.goto(`${appUrl}/call-api?scope=${encodeURIComponent(NOT_YET_CONSENTED)}`);
        expect(await idpInteraction(page, idp)).toBe('consent');
        await expect.poll(() => textOf(page.locator('body'))).toContain(NOT_YET_CONSENTED);
        const trip = await completeIdpTrip(page, appUrl, '/call-api', idp, 'carol');
        expect(trip.interactions).toEqual(['consent']);
        expect(new URL(page.url()).searchParams.get('scope')).toBe(NOT_YET_CONSENTED);
        const after = await readJsonPage<CallApiAnswer>(page);
        expect(after.scopes).toContain(NOT_YET_CONSENTED);
        expect(after.api).toMatchObject({ status: 200, body: { sub: 'carol', client_id: `${app}-web-app` } });
        expect(after.api.body.scope?.split(' ')).toContain(NOT_YET_CONSENTED);

        // Consented now: the same call is answered from the token cache, without the IdP.
        const idpRequests: string[] = [];
        page.on('request', (request) => {
          if (request.url().startsWith(idp)) idpRequests.push(request.url());
        });
        await page.goto(`${appUrl}/call-api?scope=${encodeURIComponent(NOT_YET_CONSENTED)}`);
        expect((await readJsonPage<CallApiAnswer>(page)).api.status).toBe(200);
        expect(idpRequests).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
