import type { Response } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS } from '../src/browser.js';
import { atPage, readCachePage, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { isIdpLogoutPage } from '../src/idp-pages.js';

const EMPTY = { sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 };

// Back-channel logout is off: the apps can only learn of the sign-out from the iframes the IdP's
// logout page loads, the way Entra ID's logout page does.
describeWithBrowser('global sign-out through front-channel logout alone', () => {
  const world = useDemoInBrowser({ backChannel: false });

  it("ends both apps' sessions and empties both caches from the IdP logout page's iframes", async () => {
    const { demo, page, koaEvents, honoEvents, registries } = world;
    const { idp, koa, hono } = demo.urls;
    expect((await signInFromHome(page, koa, idp, 'bob')).interactions).toEqual(['login', 'consent']);
    expect((await signInFromHome(page, hono, idp, 'bob')).interactions).toEqual(['consent']);
    for (const app of [koa, hono]) await page.goto(`${app}/call-api`);
    for (const app of [demo.apps.koa, demo.apps.hono]) {
      expect(await app.identity.stats()).toEqual({ sessions: 1, cachedAccounts: 1, hotIndexAccounts: 1 });
    }
    const [koaSession] = koaEvents.signedIn;
    const [honoSession] = honoEvents.signedIn;
    // oidc-provider gives each app of one IdP session its own sid.
    const koaSid = registries.koa.sidOf(koaSession!.sessionId);
    const honoSid = registries.hono.sidOf(honoSession!.sessionId);
    expect(koaSid).toBeTypeOf('string');
    expect(honoSid).toBeTypeOf('string');
    expect(await registries.hono.sessionsOf(idp, honoSid!)).toEqual([honoSession!.sessionId]);

    // Every front-channel logout answer, with the frame that asked for it.
    const frontChannel: { url: URL; status: number; fromIdpFrame: boolean }[] = [];
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response: Response) => {
      const url = new URL(response.url());
      if (url.pathname !== '/auth/front-channel-logout') return;
      const frame = response.frame();
      frontChannel.push({
        url,
        status: response.status(),
        fromIdpFrame: frame !== page.mainFrame() && isIdpLogoutPage(idp)(new URL(frame.parentFrame()?.url() ?? '')),
      });
    });

    await page.goto(`${koa}/`);
    const logoutPage = page.waitForURL(isIdpLogoutPage(idp), { timeout: STEP_TIMEOUT_MS, waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await logoutPage;
    await page.waitForURL(atPage(koa, '/'), { timeout: STEP_TIMEOUT_MS });

    // One iframe per app of the IdP session, each with the issuer and that app's own sid.
    const notified = frontChannel.map(({ url, status, fromIdpFrame }) => ({
      origin: url.origin,
      iss: url.searchParams.get('iss'),
      sid: url.searchParams.get('sid'),
      status,
      fromIdpFrame,
    }));
    expect(notified.sort((a, b) => a.origin.localeCompare(b.origin))).toEqual(
      [
        { origin: new URL(koa).origin, iss: idp, sid: koaSid, status: 200, fromIdpFrame: true },
        { origin: new URL(hono).origin, iss: idp, sid: honoSid, status: 200, fromIdpFrame: true },
      ].sort((a, b) => a.origin.localeCompare(b.origin)),
    );
    // The apps let the IdP's page frame them (frame-ancestors): chromium refused nothing.
    expect(consoleErrors.filter((text) => /frame/i.test(text))).toEqual([]);

    expect(await demo.apps.koa.identity.stats()).toEqual(EMPTY);
    expect(await demo.apps.hono.identity.stats()).toEqual(EMPTY);
    expect(await registries.hono.sessionsOf(idp, honoSid!)).toEqual([]);
    expect(honoEvents.sessionsEnded).toEqual([
      { sessionId: honoSession!.sessionId, accountKey: honoSession!.accountKey, reason: 'front-channel' },
    ]);
    expect(honoEvents.accountsRemoved).toEqual([{ accountKey: honoSession!.accountKey, reason: 'front-channel' }]);
    // Koa had already removed the account when its sign-out button was pressed.
    expect(koaEvents.accountsRemoved[0]?.reason).toBe('sign-out');

    for (const app of [koa, hono]) {
      await page.goto(`${app}/cache`);
      expect(await readCachePage(page)).toMatchObject(EMPTY);
    }
  });
});
