import type { Response } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser, textOf } from '../src/browser.js';
import { signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';

// `responseMode: 'form_post'`: the IdP's page POSTs the authorization response to the app's
// callback. For the Koa app (on localhost, the IdP on 127.0.0.1: another site) that POST is
// cross-site, and Chromium sends it only the cookies marked SameSite=None (which it keeps only
// with Secure): the sign-in cookie must be one of those, or the callback cannot find its
// transaction and the sign-in fails with 400. The Hono app (127.0.0.1) is same-site with the IdP.
describeWithBrowser('form_post sign-in in a real browser, cross-site and same-site', () => {
  const world = useDemoInBrowser({ responseMode: 'form_post' });

  it('signs in to the Koa app across sites and to the Hono app, each callback a POST from the IdP', async () => {
    const { demo, page } = world;
    const { idp, koa, hono } = demo.urls;
    const callbacks: { origin: string; method: string; status: number }[] = [];
    const cookies: Promise<string[]>[] = [];
    const record = (response: Response) => {
      const url = new URL(response.url());
      if (url.pathname === '/auth/sign-in') cookies.push(response.headerValues('set-cookie'));
      if (url.pathname === '/auth/callback') {
        callbacks.push({ origin: url.origin, method: response.request().method(), status: response.status() });
      }
    };
    page.on('response', record);
    try {
      expect(new URL(koa).hostname).toBe('localhost');
      expect(new URL(idp).hostname).toBe('127.0.0.1');
      for (const app of [koa, hono]) {
        await signInFromHome(page, app, idp, 'alice');
        expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
      }
    } finally {
      page.off('response', record);
    }
    expect(callbacks).toEqual([
      { origin: new URL(koa).origin, method: 'POST', status: 302 },
      { origin: new URL(hono).origin, method: 'POST', status: 302 },
    ]);
    // Each sign-in's transaction cookie: SameSite=None, and Secure (on http, where browsers allow it).
    const transactionCookies = (await Promise.all(cookies)).flat().filter((c) => /\.signin\.\d=/.test(c));
    expect(transactionCookies).toHaveLength(2);
    for (const cookie of transactionCookies) {
      // Attribute names are case-insensitive (RFC 6265 §5.2): Koa writes them in lower case.
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['samesite=none', 'secure']));
    }
  });
});
