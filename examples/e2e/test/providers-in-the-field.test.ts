import { expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { type CallApiAnswer, readJsonPage, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { isIdpLogoutPage } from '../src/idp-pages.js';

// Both example apps against a provider that behaves as some in the field do: it compares Basic
// client credentials without decoding them (RFC 6749 §2.3.1 says to decode), and its logout
// tokens carry no `exp` (OIDC Back-Channel Logout 1.0 before errata set 1). Both apps' client
// ids have a hyphen (`koa-web-app`, `hono-web-app`). Front-channel logout is off: the
// back-channel is the only way the apps learn of the sign-out at the provider. In FAPI 2.0 mode
// (IDENTITY_WEB_DEMO_FAPI=1) the logout tokens without exp are re-signed ES256. That the stand-in
// refuses form-encoded Basic credentials is the demo IdP's own test (raw-basic-credentials).
describeWithBrowser('a provider that does not decode Basic credentials and sends logout tokens without exp', () => {
  const world = useDemoInBrowser({
    frontChannel: false,
    interop: { rawBasicCredentials: true, logoutTokensWithoutExp: true },
  });

  it('signs in to both apps and calls the API from each, with their hyphenated client ids', async () => {
    const { demo, page } = world;
    const { idp, koa, hono } = demo.urls;
    expect((await signInFromHome(page, koa, idp, 'alice')).interactions).toEqual(['login', 'consent']);
    await expect.poll(() => textOf(page.locator('h1'))).toBe('Hello Alice');
    expect((await signInFromHome(page, hono, idp, 'alice')).interactions).toEqual(['consent']);
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
  });

  it('a sign-out at the provider removes the account from both apps by back-channel, with logout tokens without exp', async () => {
    const { demo, page, koaEvents, honoEvents } = world;
    const { idp } = demo.urls;
    await page.goto(`${idp}/session/end`);
    await page.waitForURL(isIdpLogoutPage(idp), { timeout: STEP_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect.poll(() => textOf(page.locator('h1')), { timeout: STEP_TIMEOUT_MS }).toBe('Signed out');
    for (const app of [demo.apps.koa, demo.apps.hono]) {
      await expect
        .poll(() => app.identity.stats(), { timeout: STEP_TIMEOUT_MS })
        .toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    }
    for (const events of [koaEvents, honoEvents]) {
      expect(events.accountsRemoved.map((e) => e.reason)).toEqual(['back-channel']);
    }
  });
});
