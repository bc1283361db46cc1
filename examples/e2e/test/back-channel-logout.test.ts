import { expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { atPage, type CallApiAnswer, readCachePage, readJsonPage, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';
import { idpInteraction, isIdpLogoutPage } from '../src/idp-pages.js';

// Single sign-on into both apps, then RP-initiated sign-out at the Koa app. Front-channel logout is
// off, so the only way the Hono app can learn of it is the IdP's back-channel POST.
describeWithBrowser('global sign-out through back-channel logout', () => {
  const world = useDemoInBrowser({ frontChannel: false });

  it('signs in to Koa at the IdP, then to Hono by single sign-on, and calls the API from both', async () => {
    const { demo, page } = world;
    const { idp, koa, hono } = demo.urls;
    const atKoa = await signInFromHome(page, koa, idp, 'alice');
    expect(atKoa.interactions).toEqual(['login', 'consent']);
    await expect.poll(() => textOf(page.locator('h1'))).toBe('Hello Alice');

    // Same browser, same IdP session: no credentials asked, only this app's consent.
    const atHono = await signInFromHome(page, hono, idp, 'nobody-should-type-this');
    expect(atHono.interactions).not.toContain('login');
    expect(await textOf(page.locator('h1'))).toBe('Hello Alice');

    for (const [app, clientId] of [
      [koa, 'koa-web-app'],
      [hono, 'hono-web-app'],
    ] as const) {
      await page.goto(`${app}/call-api`);
      const answer = await readJsonPage<CallApiAnswer>(page);
      expect(answer.api).toMatchObject({ status: 200, body: { sub: 'alice', client_id: clientId } });
      expect(answer.api.body.scope?.split(' ')).toContain('api:read');
    }

    for (const app of [demo.apps.koa, demo.apps.hono]) {
      expect(await app.identity.stats()).toEqual({ sessions: 1, cachedAccounts: 1, hotIndexAccounts: 1 });
    }
    await page.goto(`${hono}/cache`);
    expect(await readCachePage(page)).toMatchObject({ sessions: 1, cachedAccounts: 1, hotIndexAccounts: 1 });
    expect((await readCachePage(page)).account).toMatch(/is\s+in the token cache/);
  });

  it('signs out at Koa through the IdP: Koa drops the account, Hono hears it by back-channel', async () => {
    const { demo, page, koaEvents, honoEvents, registries } = world;
    const { idp, koa, hono } = demo.urls;
    const [honoSession] = honoEvents.signedIn;
    expect(honoSession).toBeDefined();
    const honoSid = registries.hono.sidOf(honoSession!.sessionId);
    expect(honoSid).toBeTypeOf('string');
    expect(await registries.hono.sessionsOf(idp, honoSid!)).toEqual([honoSession!.sessionId]);

    await page.goto(`${koa}/`);
    const passedThroughLogoutPage = page.waitForURL(isIdpLogoutPage(idp), {
      timeout: STEP_TIMEOUT_MS,
      waitUntil: 'commit',
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await passedThroughLogoutPage;
    // The IdP's logout page confirms by itself (the request has a valid id_token_hint), POSTs
    // the logout tokens, and sends the browser back to Koa's post-logout landing, then home.
    await page.waitForURL(atPage(koa, '/'), { timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => textOf(page.locator('body'))).toContain('You are not signed in');

    expect(await demo.apps.koa.identity.stats()).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect(koaEvents.accountsRemoved.map((e) => e.reason)).toContain('sign-out');

    // Back-channel delivery finishes before the IdP redirects, but poll (bounded) all the same.
    await expect
      .poll(() => demo.apps.hono.identity.stats(), { timeout: STEP_TIMEOUT_MS })
      .toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect(honoEvents.sessionsEnded).toEqual([
      { sessionId: honoSession!.sessionId, accountKey: honoSession!.accountKey, reason: 'back-channel' },
    ]);
    expect(honoEvents.accountsRemoved).toEqual([{ accountKey: honoSession!.accountKey, reason: 'back-channel' }]);
    expect(await registries.hono.sessionsOf(idp, honoSid!)).toEqual([]);

    await page.goto(`${hono}/cache`);
    expect(await readCachePage(page)).toMatchObject({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect((await readCachePage(page)).account).toMatch(/No one is signed in/);
    await page.goto(`${koa}/cache`);
    expect(await readCachePage(page)).toMatchObject({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
  });

  it('sends the browser to sign in when it calls the API through Hono afterwards', async () => {
    const { demo, page } = world;
    const { idp, hono } = demo.urls;
    const visited: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(request.url());
    });
    await page.goto(`${hono}/call-api`);
    // The IdP session ended too: the IdP asks for credentials again.
    expect(await idpInteraction(page, idp)).toBe('login');
    expect(visited.some((url) => url.startsWith(`${hono}/auth/sign-in?`) && url.includes('returnTo=%2Fcall-api'))).toBe(
      true,
    );
    expect(await demo.apps.hono.identity.stats()).toMatchObject({ sessions: 0, cachedAccounts: 0 });
  });
});
