import type { Page, Response } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeWithBrowser, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { atPage, clickAndLand, completeIdpTrip, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';

// `responseMode: 'form_post'`: the IdP's page POSTs the authorization response to the app's
// callback. For the Koa app (on localhost, the IdP on 127.0.0.1: another site) that POST is
// cross-site, and Chromium sends it only the cookies marked SameSite=None (which it keeps only
// with Secure): the sign-in cookie must be one of those, or the callback cannot find its
// transaction and the sign-in fails with 400. The Hono app (127.0.0.1) is same-site with the IdP.

interface Callback {
  readonly method: string;
  readonly status: number;
  /** The transaction cookie the sign-in set, its attributes in lower case (RFC 6265 §5.2: any case). */
  readonly cookie: readonly string[];
  /** The Set-Cookie of the callback that clears it, the same way. */
  readonly cleared: readonly string[];
}

/** A sign-in cookie's Set-Cookie header among those of a response: its attributes, lower-cased. */
async function transactionCookie(response: Response): Promise<string[]> {
  const headers = await response.headerValues('set-cookie');
  const cookie = headers.find((header) => /\.signin\.\d=/.test(header));
  return cookie === undefined
    ? []
    : cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
}

/**
 * Runs a sign-in (`trip`) and reports its callback as soon as the app answers it, so a refused
 * callback fails here with its status, not later as a wait for the home page that never comes.
 */
async function signInThrough(page: Page, app: string, trip: () => Promise<unknown>): Promise<Callback> {
  const isAt = (path: string) => (response: Response) => {
    const url = new URL(response.url());
    return url.origin === new URL(app).origin && url.pathname.startsWith(path);
  };
  const started = page.waitForResponse(isAt('/auth/sign-in'), { timeout: STEP_TIMEOUT_MS });
  const answered = page.waitForResponse(isAt('/auth/callback'), { timeout: STEP_TIMEOUT_MS });
  const done = trip();
  done.catch(() => {}); // awaited below, once the callback's status has been checked
  const [signIn, callback] = await Promise.all([started, answered]);
  const result = {
    method: callback.request().method(),
    status: callback.status(),
    cookie: await transactionCookie(signIn),
    cleared: await transactionCookie(callback),
  };
  expect(result.status, `the callback (${result.method}) was refused`).toBe(302);
  await done;
  return result;
}

describeWithBrowser('form_post sign-in in a real browser, cross-site and same-site', () => {
  const world = useDemoInBrowser({ responseMode: 'form_post' });

  it('signs in to the Koa app across sites and to the Hono app, each callback a POST from the IdP', async () => {
    const { demo, page } = world;
    const { idp, koa, hono } = demo.urls;
    expect(new URL(koa).hostname).toBe('localhost');
    expect(new URL(idp).hostname).toBe('127.0.0.1');
    for (const app of [koa, hono]) {
      const callback = await signInThrough(page, app, () => signInFromHome(page, app, idp, 'alice'));
      expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
      expect(callback).toMatchObject({ method: 'POST', status: 302 });
      // Its transaction cookie: SameSite=None, and Secure (on http, where browsers allow it); cleared so too.
      for (const attributes of [callback.cookie, callback.cleared]) {
        expect(attributes).toEqual(expect.arrayContaining(['samesite=none', 'secure']));
      }
    }
  });
});

describeWithBrowser(
  'form_post at one provider, a redirect at the other: each sign-in cookie as its provider needs',
  () => {
    // The Koa app's `work` provider (the demo IdP) answers with form_post; `partner` with a redirect.
    const world = useDemoInBrowser({ partner: true, responseMode: 'form_post' });

    async function signInWith(page: Page, app: string, provider: string, idp: string, login: string) {
      await page.goto(`${app}/`);
      await clickAndLand(page, page.getByRole('link', { name: 'Sign in' }));
      await page.waitForURL(atPage(app, '/auth/sign-in'), { timeout: STEP_TIMEOUT_MS });
      return signInThrough(page, app, async () => {
        await clickAndLand(page, page.getByRole('link', { name: provider, exact: true }));
        return completeIdpTrip(page, app, '/', idp, login);
      });
    }

    it('sets SameSite=None only for the form_post sign-in, and clears each cookie as it was set', async () => {
      const { demo, page } = world;
      const { idp, koa, partner } = demo.urls;
      const work = await signInWith(page, koa, 'work', idp, 'alice');
      expect(await textOf(page.locator('h1'))).toBe('Hello Alice');
      expect(work).toMatchObject({ method: 'POST', status: 302 });
      for (const attributes of [work.cookie, work.cleared]) expect(attributes).toContain('samesite=none');

      await page.context().clearCookies();
      const atPartner = await signInWith(page, koa, 'partner', partner!, 'bob');
      expect(await textOf(page.locator('h1'))).toBe('Hello Bob');
      expect(atPartner).toMatchObject({ method: 'GET', status: 302 });
      for (const attributes of [atPartner.cookie, atPartner.cleared]) {
        expect(attributes).toContain('samesite=lax');
        expect(attributes).not.toContain('secure');
      }
      // No sign-in cookie outlives its callback.
      expect((await page.context().cookies()).filter((c) => /\.signin\.\d$/.test(c.name))).toEqual([]);
    });
  },
);
