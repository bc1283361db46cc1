import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdentityWeb, RemovalReason } from '@identity-web/core';
import type { Locator, Page } from 'playwright-core';
import { STEP_TIMEOUT_MS, textOf } from './browser.js';
import { FAPI_MODE } from './fapi-mode.js';
import { type InteractionKind, idpInteraction, isIdpInteraction, submitConsent, submitLogin } from './idp-pages.js';

/**
 * `docs/screenshots/` of the repository: the demo README shows these, the demo as `pnpm demo` runs it.
 * In FAPI 2.0 mode (`IDENTITY_WEB_DEMO_FAPI=1`) the same walk is pictured into a temporary
 * directory instead, leaving the demo README's pictures alone.
 */
export const SCREENSHOT_DIR = FAPI_MODE
  ? join(tmpdir(), 'identity-web-fapi-screenshots', sep)
  : fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true, timeout: STEP_TIMEOUT_MS });
}

/** Matches one page of an app, ignoring the query: `atPage('http://localhost:4002', '/')`. */
export function atPage(appUrl: string, pathname: string): (url: URL) => boolean {
  const { origin } = new URL(appUrl);
  return (url) => url.origin === origin && url.pathname === pathname;
}

export interface SignInTrip {
  /** The IdP interactions the browser went through, in order. */
  readonly interactions: InteractionKind[];
}

/**
 * From the app's home page: follows its "Sign in" link, goes through whatever the IdP asks
 * (typing `login` only if the IdP shows its login form) and waits to be back home.
 */
export async function signInFromHome(page: Page, appUrl: string, idp: string, login: string): Promise<SignInTrip> {
  await page.goto(`${appUrl}/`);
  await clickAndLand(page, page.getByRole('link', { name: 'Sign in' }));
  return completeIdpTrip(page, appUrl, '/', idp, login);
}

/**
 * Clicks and waits (bounded) until the main frame commits the page the click leads to, past
 * any redirects: until then `page.url()` is still the page that was clicked on.
 */
export async function clickAndLand(page: Page, target: Locator): Promise<void> {
  const landed = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: STEP_TIMEOUT_MS,
  });
  await target.click();
  await landed;
}

/**
 * The browser has landed on an IdP page or back at the app: answers the IdP's login and consent
 * pages until the app has the browser back on `returnPath`. Bounded: at most three interactions,
 * each waited for.
 */
export async function completeIdpTrip(
  page: Page,
  appUrl: string,
  returnPath: string,
  idp: string,
  login: string,
): Promise<SignInTrip> {
  const interactions: InteractionKind[] = [];
  const home = atPage(appUrl, returnPath);
  const isInteraction = isIdpInteraction(idp);
  for (let step = 0; step < 3; step++) {
    await page.waitForURL((url) => home(url) || isInteraction(url), { timeout: STEP_TIMEOUT_MS });
    if (home(new URL(page.url()))) return { interactions };
    const kind = await idpInteraction(page, idp);
    interactions.push(kind);
    // Whatever comes next (another interaction has another uid) is another URL. Read before
    // submitting: on loopback the next page can be there before `click()` returns.
    const left = page.url();
    if (kind === 'login') await submitLogin(page, login);
    else await submitConsent(page);
    await page.waitForURL((url) => url.href !== left, { timeout: STEP_TIMEOUT_MS });
  }
  await page.waitForURL(home, { timeout: STEP_TIMEOUT_MS });
  return { interactions };
}

/** The JSON an app's `/call-api` answered (shown by chromium inside a `<pre>`). */
export interface CallApiAnswer {
  /** The scopes the token was asked for. */
  scopes: string[];
  api: { url: string; status: number; body: { sub?: string; scope?: string; client_id?: string } };
}

export async function readJsonPage<T>(page: Page): Promise<T> {
  return JSON.parse((await page.locator('pre').first().textContent()) ?? '') as T;
}

/** What an app's `/cache` page shows. */
export interface CachePageState {
  sessions: number;
  cachedAccounts: number;
  hotIndexAccounts: number;
  /** The sentence about the browser's own account. */
  account: string;
}

export async function readCachePage(page: Page): Promise<CachePageState> {
  const cell = async (id: string) => {
    const text = await textOf(page.locator(`#${id}`));
    return /^\d+$/.test(text) ? Number(text) : Number.NaN; // "n/a" or nothing must not read as 0
  };
  return {
    sessions: await cell('sessions'),
    cachedAccounts: await cell('cached-accounts'),
    hotIndexAccounts: await cell('hot-index-accounts'),
    account: await textOf(page.locator('table + p')),
  };
}

export interface RecordedEvents {
  readonly signedIn: { accountKey: string; sessionId: string }[];
  readonly sessionsEnded: { sessionId: string; accountKey: string; reason: RemovalReason }[];
  readonly accountsRemoved: { accountKey: string; reason: RemovalReason }[];
  stop(): void;
}

/** Listens to an app's identity-web events: which session ended, and by which logout path. */
export function recordEvents(identity: IdentityWeb): RecordedEvents {
  const signedIn: RecordedEvents['signedIn'] = [];
  const sessionsEnded: RecordedEvents['sessionsEnded'] = [];
  const accountsRemoved: RecordedEvents['accountsRemoved'] = [];
  const offs = [
    identity.on('signedIn', (e) => void signedIn.push({ accountKey: e.account.key, sessionId: e.sessionId })),
    identity.on('sessionEnded', (e) => void sessionsEnded.push({ ...e })),
    identity.on('accountRemoved', (e) => void accountsRemoved.push({ ...e })),
  ];
  return {
    signedIn,
    sessionsEnded,
    accountsRemoved,
    stop: () => {
      for (const off of offs) off();
    },
  };
}
