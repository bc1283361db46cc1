import { expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { atPage, clickAndLand, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { FAPI_MODE } from '../src/fapi-mode.js';
import { idpInteraction, isIdpLogoutPage } from '../src/idp-pages.js';

// The API chain in a real browser: the Koa app's /chain page shows the downstream API's answer
// through the middle tier; after the sign-out the page asks to sign in again. In FAPI 2.0 mode
// (IDENTITY_WEB_DEMO_FAPI=1) the demo runs no middle tier (its token exchange would need
// private_key_jwt and DPoP-bound grants): there, the test is that the chain is not offered.
describeWithBrowser('the API chain: Koa app → middle tier → downstream API', () => {
  const world = useDemoInBrowser({});

  if (FAPI_MODE) {
    it('is not offered in FAPI 2.0 mode: no middle tier runs, and the Koa app links to no chain', async () => {
      const { demo, page } = world;
      expect(demo.urls.middle).toBeUndefined();
      await signInFromHome(page, demo.urls.koa, demo.urls.idp, 'grace');
      expect(await page.getByRole('link', { name: 'The API chain' }).count()).toBe(0);
    });
    return;
  }

  it('shows the downstream answer through the middle tier, and asks to sign in after the sign-out', async () => {
    const { demo, page } = world;
    const { idp, koa } = demo.urls;
    // One consent covers both of the Koa app's APIs, the downstream API and the middle tier.
    expect((await signInFromHome(page, koa, idp, 'grace')).interactions).toEqual(['login', 'consent']);
    await clickAndLand(page, page.getByRole('link', { name: 'The API chain' }));
    expect(new URL(page.url()).pathname).toBe('/chain');
    expect(await textOf(page.locator('#middle-status'))).toBe('200');
    const downstream = JSON.parse(await textOf(page.locator('#downstream')));
    expect(downstream).toEqual({ sub: 'grace', scope: 'api:read', client_id: 'middle-tier-api' });

    await page.goto(`${koa}/`);
    const passedThroughLogoutPage = page.waitForURL(isIdpLogoutPage(idp), {
      timeout: STEP_TIMEOUT_MS,
      waitUntil: 'commit',
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await passedThroughLogoutPage;
    await page.waitForURL(atPage(koa, '/'), { timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => textOf(page.locator('body'))).toContain('You are not signed in');

    await page.goto(`${koa}/chain`);
    expect(await idpInteraction(page, idp)).toBe('login');
  });
});
