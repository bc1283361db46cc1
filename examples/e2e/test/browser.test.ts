import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BROWSER_HOOK_TIMEOUT_MS, CHROMIUM_ARGS, describeWithBrowser, launchBrowser, textOf } from '../src/browser.js';

describeWithBrowser('browser harness', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, BROWSER_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
  }, BROWSER_HOOK_TIMEOUT_MS);

  it('runs Debian chromium with every flag of CHROMIUM_ARGS and a fresh profile', async () => {
    const page = await browser!.newPage();
    try {
      // chrome://version prints the command line the browser really started with.
      await page.goto('chrome://version', { timeout: 10_000 });
      const commandLine = await textOf(page.locator('#command_line'));
      for (const flag of CHROMIUM_ARGS) expect(commandLine.split(/\s+/)).toContain(flag);
      expect(commandLine).toMatch(/--user-data-dir=\S*playwright_chromiumdev_profile-/);
      expect(await textOf(page.locator('#executable_path'))).toMatch(/chromium/);
    } finally {
      await page.close();
    }
  });
});
