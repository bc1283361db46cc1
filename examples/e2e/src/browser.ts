import { accessSync, constants } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator } from 'playwright-core';
import { describe, it } from 'vitest';

/**
 * Debian's chromium (`CHROMIUM_PATH` overrides it). `npx playwright install` downloads a browser
 * build from a CDN that our machines cannot reach, so playwright-core drives the distribution's
 * binary; `.ci/install-chromium` puts it there.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags of every launch (test/browser.test.ts checks each one). `--no-sandbox`: CI runs as
 * root, where chromium's sandbox refuses to start. The rest keep the browser from calling home
 * (component updates, sync, background requests) or from needing what a headless CI machine
 * lacks (a GPU), which would only slow or time out here. Playwright adds a fresh
 * `--user-data-dir` (a temporary profile) of its own on every `launch`, which is why none is
 * passed here: passing one makes `launch` throw.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Upper bound for one navigation or wait: every wait in the suite is bounded. */
export const STEP_TIMEOUT_MS = 15_000;

/**
 * The element's text with runs of whitespace made one space: what a reader sees, compared
 * without depending on the markup's line breaks. Waits (bounded) for the element.
 */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: STEP_TIMEOUT_MS })) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * One browser test walks a user through several pages, each bounded by {@link STEP_TIMEOUT_MS};
 * the workspace's 20 s default is too tight for that on a loaded CI machine.
 */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;
/** Starting the demo (four servers) and chromium, or stopping them. */
export const BROWSER_HOOK_TIMEOUT_MS = 60_000;

/**
 * For `afterAll`: runs every closer even when one fails (a failed test can leave a page in any
 * state), then throws the first failure. Write closers with `?.`: `beforeAll` may have failed
 * before it created everything.
 */
export async function closeAll(...closers: (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

export interface BrowserAvailability {
  available: boolean;
  /** Why the browser cannot be used; empty when it can. */
  reason: string;
  /** `REQUIRE_BROWSER=1` (CI): a missing browser fails the suite instead of skipping it. */
  required: boolean;
}

export function browserAvailability(): BrowserAvailability {
  const required = process.env.REQUIRE_BROWSER === '1';
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { available: true, reason: '', required };
  } catch {
    return {
      available: false,
      reason: `${CHROMIUM_PATH} is missing or not executable: run .ci/install-chromium (apt-get install -y chromium)`,
      required,
    };
  }
}

/** Launches headless chromium with the flags above; the caller closes it. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    // The flags above already say --headless; playwright's own headless switch must agree.
    headless: true,
    timeout: 30_000,
  });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A browser context whose requests never leave the machine. */
export interface LoopbackContext {
  readonly context: BrowserContext;
  /** Requests refused because they went elsewhere (oidc-provider's pages import a web font, say). */
  readonly refused: string[];
}

/**
 * A fresh context (its own cookies, like a new private window) with bounded timeouts: one per
 * user story, so no test sees another's IdP or app cookies. Every request to a host other than
 * 127.0.0.1 / localhost is aborted at once: nothing may reach the network, and a request that
 * would wait for a DNS or TCP timeout must not hold up a page's `load` event.
 */
export async function newLoopbackContext(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1000, height: 720 },
): Promise<LoopbackContext> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const refused: string[] = [];
  await context.route(
    (url) => !LOOPBACK_HOSTS.has(url.hostname) && url.protocol !== 'data:',
    (route) => {
      refused.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return { context, refused };
}

/**
 * `describe` for suites that need the browser. Without chromium the suite is skipped with a loud
 * reason on stderr, or, when `REQUIRE_BROWSER=1`, replaced by one failing test saying why.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  const { available, reason, required } = browserAvailability();
  if (available) {
    describe(name, { timeout: BROWSER_TEST_TIMEOUT_MS }, body);
    return;
  }
  if (required) {
    describe(name, () => {
      it('has a browser to run in (REQUIRE_BROWSER=1)', () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
      });
    });
    return;
  }
  const banner = '!'.repeat(100);
  console.warn(`\n${banner}\n!! SKIPPING browser end-to-end suite "${name}": ${reason}\n${banner}\n`);
  describe.skip(`${name} [SKIPPED: ${reason}]`, body);
}
