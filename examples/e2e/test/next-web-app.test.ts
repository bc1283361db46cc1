import { example } from '@identity-web-examples/next-web-app';
import { beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import {
  atPage,
  type CallApiAnswer,
  completeIdpTrip,
  readCachePage,
  readJsonPage,
  signInFromHome,
} from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { idpInteraction, isIdpLogoutPage } from '../src/idp-pages.js';

// The Next.js app of the demo (next build, next start) beside the Koa app, in a real browser:
// what the other example apps do, through route handlers, server components and proxy.ts.
describeWithBrowser('the Next.js app in a browser', () => {
  // Built first, when its sources changed (about a minute), under a timeout of its own.
  beforeAll(() => example.buildOnce(300_000), 300_000);
  const world = useDemoInBrowser({ next: true });
  const nextUrl = () => world.demo.urls.next ?? '';

  it('signs in by single sign-on and calls the API from server components', async () => {
    const { demo, page } = world;
    const { idp, koa } = demo.urls;
    expect((await signInFromHome(page, koa, idp, 'alice')).interactions).toEqual(['login', 'consent']);
    const atNext = await signInFromHome(page, nextUrl(), idp, 'nobody-should-type-this');
    expect(atNext.interactions).toEqual(['consent']);
    expect(await textOf(page.locator('h1'))).toBe('Hello Alice');

    await page.goto(`${nextUrl()}/call-api`);
    const answer = await readJsonPage<CallApiAnswer>(page);
    expect(answer.api).toMatchObject({ status: 200, body: { sub: 'alice', client_id: 'next-web-app' } });
    await page.goto(`${nextUrl()}/dashboard`);
    await expect.poll(() => page.locator('li.widget .status').allTextContents()).toEqual(['200', '200', '200']);
    await page.goto(`${nextUrl()}/cache`);
    expect((await readCachePage(page)).account).toMatch(/is\s+in the token cache/);
  });

  it('asks the provider for a scope not consented yet from a server component, and comes back with it', async () => {
    const { demo, page } = world;
    await page.goto(`${nextUrl()}/call-api?scope=api%3Awrite`);
    expect(await idpInteraction(page, demo.urls.idp)).toBe('consent');
    const trip = await completeIdpTrip(page, nextUrl(), '/call-api', demo.urls.idp, 'alice');
    expect(trip.interactions).toEqual(['consent']);
    const after = await readJsonPage<CallApiAnswer>(page);
    expect(after.scopes).toEqual(['api:write']);
    expect(after.api.body.scope?.split(' ')).toContain('api:write');
  });

  it("lists the user's sessions", async () => {
    const { page } = world;
    await page.goto(`${nextUrl()}/sessions`);
    expect(await textOf(page.locator('h1'))).toBe('Your sessions');
    await expect.poll(() => page.locator('tr.session').count()).toBe(1);
    expect(await textOf(page.locator('tr.session td').first())).toMatch(/\(this browser\)$/);
  });

  it('signs out with its button: the IdP ends the session and tells the Koa app by back-channel', async () => {
    const { demo, page } = world;
    const { idp } = demo.urls;
    await page.goto(`${nextUrl()}/`);
    const passedThroughLogoutPage = page.waitForURL(isIdpLogoutPage(idp), {
      timeout: STEP_TIMEOUT_MS,
      waitUntil: 'commit',
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await passedThroughLogoutPage;
    await page.waitForURL(atPage(nextUrl(), '/'), { timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => textOf(page.locator('body'))).toContain('You are not signed in');
    await expect
      .poll(() => demo.apps.koa.identity.stats(), { timeout: STEP_TIMEOUT_MS })
      .toMatchObject({ sessions: 0, cachedAccounts: 0 });
    await page.goto(`${nextUrl()}/cache`);
    expect(await readCachePage(page)).toMatchObject({ sessions: 0, cachedAccounts: 0 });
  });

  it('is signed out by a sign-out at the Koa app (back-channel), and sends the browser to sign in after', async () => {
    const { demo, page } = world;
    const { idp, koa } = demo.urls;
    await signInFromHome(page, koa, idp, 'bob');
    await signInFromHome(page, nextUrl(), idp, 'nobody-should-type-this');
    expect(await textOf(page.locator('h1'))).toBe('Hello Bob');
    await page.goto(`${koa}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(atPage(koa, '/'), { timeout: STEP_TIMEOUT_MS });
    await page.goto(`${nextUrl()}/cache`);
    await expect.poll(async () => (await readCachePage(page)).account).toMatch(/No one is signed in/);
    await page.goto(`${nextUrl()}/call-api`);
    expect(await idpInteraction(page, idp)).toBe('login');
  });
});
