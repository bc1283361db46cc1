import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { closeAll, describeWithBrowser, newLoopbackContext, STEP_TIMEOUT_MS, textOf } from '../src/browser.js';
import { atPage, clickAndLand, signInFromHome } from '../src/demo-app.js';
import { useDemoInBrowser } from '../src/demo-in-browser.js';

/** The rows of an app's `/sessions` page: the browser column of each. */
async function sessionRows(page: Page): Promise<string[]> {
  const rows = page.locator('tr.session td:first-child');
  const texts: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) texts.push(await textOf(rows.nth(i)));
  return texts;
}

// Alice signs in to each app from two browsers (two contexts: no cookie in common, two IdP
// sessions), lists her sessions from the first, and ends the second's from there.
describeWithBrowser("a user's session list: two browsers, one ends the other", () => {
  const world = useDemoInBrowser({});

  it('lists both sessions in each app, and the first browser signs the second out of that app', async () => {
    const { demo, browser, page: first } = world;
    const { idp, koa, hono } = demo.urls;
    const other = await newLoopbackContext(browser);
    try {
      const second = await other.context.newPage();
      for (const [app, identity] of [
        [koa, demo.apps.koa.identity],
        [hono, demo.apps.hono.identity],
      ] as const) {
        await signInFromHome(first, app, idp, 'alice');
        await signInFromHome(second, app, idp, 'alice');
        await first.goto(`${app}/sessions`);
        await first.waitForURL(atPage(app, '/sessions'));
        expect(await textOf(first.locator('h1'))).toBe('Your sessions');
        const rows = await sessionRows(first);
        expect(rows).toHaveLength(2);
        // The browser's own User-Agent, summarized; the newest (the second browser's) first.
        for (const row of rows) expect(row).toMatch(/^Chrome \d+ on Linux/);
        expect(rows.map((row) => row.endsWith('(this browser)'))).toEqual([false, true]);

        // Sign out the other browser: its row's form, CSRF token and all.
        await clickAndLand(first, first.locator('tr.session:not(.current)').getByRole('button', { name: 'Sign out' }));
        await first.waitForURL(atPage(app, '/sessions'), { timeout: STEP_TIMEOUT_MS });
        expect(await sessionRows(first)).toEqual([expect.stringMatching(/\(this browser\)$/)]);

        // The second browser is signed out of this app (its IdP session lives on); the first is not.
        await second.goto(`${app}/`);
        await expect.poll(() => textOf(second.locator('body'))).toContain('You are not signed in');
        await first.goto(`${app}/`);
        expect(await textOf(first.locator('h1'))).toBe('Hello Alice');
        const [left] = await identity.sessionsOf({ issuer: idp, subject: 'alice' });
        expect(left?.current).toBe(false);
        expect(await identity.sessionsOf({ issuer: idp, subject: 'alice' })).toHaveLength(1);
      }
    } finally {
      await closeAll(() => other.context.close());
    }
  });
});
