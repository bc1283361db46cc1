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
  STEP_TIMEOUT_MS,
  textOf,
} from '../src/browser.js';
import {
  type CallApiAnswer,
  clickAndLand,
  completeIdpTrip,
  readCachePage,
  readJsonPage,
  screenshot,
  signInFromHome,
} from '../src/demo-app.js';
import { idpInteraction, isIdpLogoutPage, submitLogin } from '../src/idp-pages.js';

const EMPTY = { sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 };

/**
 * The demo's default ports (4000–4003) keep the URLs on the pictures the same from run to run;
 * `startDemo` falls back to free ports when they are taken, and this to any port if that races.
 */
async function startDemoForPictures(): Promise<Demo> {
  try {
    return await startDemo();
  } catch {
    return startDemo({ ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 } });
  }
}

/**
 * What chromium's "Pretty-print" box does, done from the test: the box sits in a closed shadow
 * root that playwright cannot reach. Only the picture changes; the answer was read before.
 */
async function prettyPrintJson(page: Page): Promise<void> {
  await page.evaluate(() => {
    const pre = document.querySelector('pre');
    if (pre) pre.textContent = JSON.stringify(JSON.parse(pre.textContent ?? 'null'), null, 2);
    for (const bar of document.querySelectorAll<HTMLElement>('.json-formatter-container')) bar.style.display = 'none';
  });
}

// The demo README's "What it looks like": the demo as `pnpm demo` runs it (both logout channels
// on), walked through by a user, one picture per step, into docs/screenshots/. Global sign-out
// starts at the IdP here, so its logout page waits for the user's confirmation and can be seen.
describeWithBrowser('the demo, pictured', () => {
  let demo: Demo;
  let browser: Browser;
  let tab: LoopbackContext;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemoForPictures();
    browser = await launchBrowser();
    // Short pictures: full-page screenshots grow to the content, never below the viewport.
    tab = await newLoopbackContext(browser, { width: 960, height: 420 });
    page = await tab.context.newPage();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await closeAll(
      () => tab?.context.close(),
      () => browser?.close(),
      () => demo?.stop(),
    );
  }, BROWSER_HOOK_TIMEOUT_MS);

  it('signs in, calls the API, signs out globally at the IdP and empties both caches', async () => {
    const { idp, koa, hono } = demo.urls;

    await page.goto(`${koa}/`);
    await expect.poll(() => textOf(page.locator('body'))).toContain('You are not signed in');
    await screenshot(page, '01-home-signed-out');

    await clickAndLand(page, page.getByRole('link', { name: 'Sign in' }));
    expect(await idpInteraction(page, idp)).toBe('login');
    await page.locator('input[name="login"]').fill('alice');
    await screenshot(page, '02-idp-login');
    await submitLogin(page, 'alice');
    expect(await idpInteraction(page, idp)).toBe('consent');
    await screenshot(page, '03-idp-consent');
    await completeIdpTrip(page, koa, '/', idp, 'alice');
    expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
    await screenshot(page, '04-home-signed-in');

    await page.goto(`${koa}/call-api`);
    expect((await readJsonPage<CallApiAnswer>(page)).api).toMatchObject({ status: 200, body: { sub: 'alice' } });
    await prettyPrintJson(page);
    await screenshot(page, '05-call-api');

    // Single sign-on into the Hono app, whose cache the global sign-out will empty.
    expect((await signInFromHome(page, hono, idp, 'alice')).interactions).toEqual(['consent']);
    await page.goto(`${hono}/call-api`);
    expect((await readJsonPage<CallApiAnswer>(page)).api.status).toBe(200);
    await page.goto(`${hono}/cache`);
    expect(await readCachePage(page)).toMatchObject({ sessions: 1, cachedAccounts: 1, hotIndexAccounts: 1 });
    await screenshot(page, '06-cache-before-sign-out');

    await page.goto(`${idp}/session/end`);
    await page.waitForURL(isIdpLogoutPage(idp), { timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#front-channel-apps li').allTextContents()).toEqual(['Koa web app', 'Hono web app']);
    await screenshot(page, '07-idp-logout');
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect.poll(() => textOf(page.locator('h1')), { timeout: STEP_TIMEOUT_MS }).toBe('Signed out');
    await screenshot(page, '08-idp-signed-out');

    for (const app of [demo.apps.koa, demo.apps.hono]) {
      await expect.poll(() => app.identity.stats(), { timeout: STEP_TIMEOUT_MS }).toEqual(EMPTY);
    }
    await page.goto(`${hono}/cache`);
    expect(await readCachePage(page)).toMatchObject(EMPTY);
    expect((await readCachePage(page)).account).toMatch(/No one is signed in/);
    await screenshot(page, '09-cache-after-sign-out');
    await page.goto(`${koa}/cache`);
    expect(await readCachePage(page)).toMatchObject(EMPTY);
  });
});
