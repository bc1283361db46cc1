import { ErrorCode, isIdentityWebError } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import { page } from './pages.js';
import type { CookieToSet, HttpResult } from './types.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** Page titles of the errors a user can meet that are not about sign-in itself. */
const TITLES: Partial<Record<string, string>> = {
  [ErrorCode.Forbidden]: 'Access denied',
  [ErrorCode.SignInRefused]: 'Sign-in refused',
};

export function redirect(
  location: string,
  status: 302 | 303 = 302,
  cookies: CookieToSet[] = [],
  extra: Record<string, string> = {},
): HttpResult {
  return { status, headers: { ...NO_STORE, location, ...extra }, cookies, body: null };
}

export function html(
  status: number,
  body: string,
  cookies: CookieToSet[] = [],
  extra: Record<string, string> = {},
): HttpResult {
  return { status, headers: { ...NO_STORE, 'content-type': 'text/html; charset=utf-8', ...extra }, cookies, body };
}

export function json(status: number, value: unknown, extra: Record<string, string> = {}): HttpResult {
  return {
    status,
    headers: { ...NO_STORE, 'content-type': 'application/json', ...extra },
    cookies: [],
    body: JSON.stringify(value),
  };
}

/**
 * Maps any error to a response. Only errors marked `expose` show their message; anything
 * else is a generic 500 and goes to the log, never to the browser.
 */
export function errorResult(error: unknown, logger: Logger, format: 'html' | 'json' = 'html'): HttpResult {
  const known = isIdentityWebError(error) && error.expose;
  // A hidden message still keeps its status: an unreachable IdP is a 503, not a 500.
  const status = isIdentityWebError(error) ? error.status : 500;
  const code = known ? error.code : 'server_error';
  const message = known ? error.message : 'Something went wrong. Please try again.';
  if (!known) logger.error('identity-web request failed', { error: describe(error) });
  return format === 'json'
    ? json(status, { error: code, error_description: message })
    : html(status, page(status >= 500 ? 'Something went wrong' : (TITLES[code] ?? 'Sign-in problem'), message));
}

function describe(error: unknown): string {
  if (isIdentityWebError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}
