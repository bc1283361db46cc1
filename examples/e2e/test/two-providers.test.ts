import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { closeAll, describeWithBrowser, newLoopbackContext, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { atPage, type CallApiAnswer, clickAndLand, completeIdpTrip, readJsonPage } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { isIdpLogoutPage } from '../src/idp-pages.js';

/**
 * From the app's home page: "Sign in" leads to the page listing the providers, whose link of
 * `provider` leads to that IdP; answers its pages and waits to be back home.
 */
async function signInWith(page: Page, app: string, provider: string, idp: string, login: string) {
  await page.goto(`${app}/`);
  await clickAndLand(page, page.getByRole('link', { name: 'Sign in' }));
  await page.waitForURL(atPage(app, '/auth/sign-in'), { timeout: STEP_TIMEOUT_MS });
  expect(await textOf(page.locator('h1'))).toBe('Sign in');
  expect(await page.getByRole('link').allTextContents()).toEqual(['work', 'partner']);
  await clickAndLand(page, page.getByRole('link', { name: provider, exact: true }));
  return completeIdpTrip(page, app, '/', idp, login);
}

/** The home page's sign-out form, through that IdP's logout page, back home signed out. */
async function signOutThrough(page: Page, app: string, idp: string) {
  await page.goto(`${app}/`);
  const passedThroughLogoutPage = page.waitForURL(isIdpLogoutPage(idp), {
    timeout: STEP_TIMEOUT_MS,
    waitUntil: 'commit',
  });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await passedThroughLogoutPage;
  await page.waitForURL(atPage(app, '/'), { timeout: STEP_TIMEOUT_MS });
  await expect
    .poll(() => textOf(page.locator('body')), { timeout: STEP_TIMEOUT_MS })
    .toContain('You are not signed in');
}

// The demo with its partner IdP: the Koa app has two providers, `work` (the demo IdP) and
// `partner` (a second demo IdP, another issuer). One browser signs in with each in turn; then a
// partner user signs in from two browsers and the first ends the other's session.
describeWithBrowser('the Koa app with two providers: sign-in through the chooser with each', () => {
  const world = useDemoInBrowser({ partner: true });

  it('signs in with work, signs out, signs in with partner, calls the API as the partner user, signs out', async () => {
    const { demo, page, koaEvents } = world;
    const { idp, koa, partner } = demo.urls;
    expect(partner).toBeDefined();
    const koaIdentity = demo.apps.koa.identity;

    // 1. work: the demo IdP.
    expect((await signInWith(page, koa, 'work', idp, 'alice')).interactions).toEqual(['login', 'consent']);
    expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
    expect(await textOf(page.locator('#provider'))).toBe('Signed in with work');
    expect(koaEvents.signedIn.map((e) => e.accountKey.split(':')[0])).toEqual(['work']);
    await signOutThrough(page, koa, idp);
    expect(await koaIdentity.stats()).toMatchObject({ sessions: 0, cachedAccounts: 0 });

    // 2. partner: the second IdP, which has never seen this browser.
    expect((await signInWith(page, koa, 'partner', partner!, 'bob')).interactions).toEqual(['login', 'consent']);
    expect(await textOf(page.locator('h1'))).toBe('Hello Bob');
    expect(await textOf(page.locator('#provider'))).toBe('Signed in with partner');
    expect(await textOf(page.locator('tr', { hasText: 'issuer' }).locator('td'))).toBe(partner);
    expect(koaEvents.signedIn.map((e) => e.accountKey.split(':')[0])).toEqual(['work', 'partner']);

    // 3. The API accepts the partner's access token: it trusts both issuers.
    await page.goto(`${koa}/call-api`);
    await page.waitForURL(atPage(koa, '/call-api'), { timeout: STEP_TIMEOUT_MS });
    const answer = await readJsonPage<CallApiAnswer>(page);
    expect(answer.api).toMatchObject({ status: 200, body: { sub: 'bob', client_id: 'koa-web-app' } });
    expect(answer.api.body.scope?.split(' ')).toContain('api:read');
    expect(await koaIdentity.sessionsOf({ issuer: partner!, subject: 'bob' })).toHaveLength(1);

    // 4. Sign-out goes to the partner's logout page, the one of this session's provider.
    await signOutThrough(page, koa, partner!);
    expect(await koaIdentity.stats()).toMatchObject({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect(koaEvents.accountsRemoved.map((e) => [e.accountKey.split(':')[0], e.reason])).toEqual([
      ['work', 'sign-out'],
      ['partner', 'sign-out'],
    ]);
  });

  it("lists a partner user's sessions in two browsers, and the first ends the other's", async () => {
    const { demo, browser, page: first } = world;
    const { koa, partner } = demo.urls;
    const other = await newLoopbackContext(browser);
    try {
      const second = await other.context.newPage();
      await signInWith(first, koa, 'partner', partner!, 'carol');
      await signInWith(second, koa, 'partner', partner!, 'carol');
      await first.goto(`${koa}/sessions`);
      await first.waitForURL(atPage(koa, '/sessions'), { timeout: STEP_TIMEOUT_MS });
      const rows = first.locator('tr.session');
      expect(await rows.count()).toBe(2);
      expect(await textOf(first.locator('tr.session.current td:first-child'))).toMatch(/\(this browser\)$/);

      await clickAndLand(first, first.locator('tr.session:not(.current)').getByRole('button', { name: 'Sign out' }));
      await first.waitForURL(atPage(koa, '/sessions'), { timeout: STEP_TIMEOUT_MS });
      expect(await first.locator('tr.session').count()).toBe(1);
      await second.goto(`${koa}/`);
      await expect
        .poll(() => textOf(second.locator('body')), { timeout: STEP_TIMEOUT_MS })
        .toContain('You are not signed in');
      await first.goto(`${koa}/`);
      expect(await textOf(first.locator('#provider'))).toBe('Signed in with partner');
      expect(await demo.apps.koa.identity.sessionsOf({ issuer: partner!, subject: 'carol' })).toHaveLength(1);
    } finally {
      await closeAll(() => other.context.close());
    }
  });
});
