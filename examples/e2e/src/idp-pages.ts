import type { Page } from 'playwright-core';
import { STEP_TIMEOUT_MS } from './browser.js';

/**
 * The demo IdP's pages as a user sees them: oidc-provider's dev interactions (any login name,
 * any password; one "Continue" for consent) and the demo's own logout page.
 */

/** Which oidc-provider interaction the page shows: both forms carry a hidden `prompt` field. */
export type InteractionKind = 'login' | 'consent';

export function isIdpInteraction(idp: string): (url: URL) => boolean {
  return (url) => url.origin === idp && url.pathname.startsWith('/interaction/');
}

/** Waits (bounded) for the IdP to show an interaction page and says which one. */
export async function idpInteraction(page: Page, idp: string): Promise<InteractionKind> {
  await page.waitForURL(isIdpInteraction(idp), { timeout: STEP_TIMEOUT_MS });
  const prompt = await page.locator('form input[name="prompt"]').first().getAttribute('value');
  if (prompt !== 'login' && prompt !== 'consent') throw new Error(`unexpected IdP interaction "${prompt}"`);
  return prompt;
}

/** Types a login name (and a throwaway password: the dev login ignores it) and submits. */
export async function submitLogin(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('not-checked');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

/** Grants what the consent page asks for. */
export async function submitConsent(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** The demo IdP's logout page (`/session/end`), whether it confirms by itself or asks first. */
export function isIdpLogoutPage(idp: string): (url: URL) => boolean {
  return (url) => url.origin === idp && url.pathname === '/session/end';
}
