// The answers the HTTP layer builds: no-store redirects, HTML and JSON, and any error turned into its answer.
import { answerOf } from '../domain/error-answers.js';
import { isIdentityWebError } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import { type PageKind, type PageRenderer, renderPage } from './pages.js';
import type { CookieToSet, HttpResult } from './types.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/**
 * `Retry-After` of every 503 (a store or the IdP down): long enough for a Redis restart or a
 * Cluster failover's promotion, short enough that a client that honours it is not kept waiting
 * for nothing (RFC 9110 §10.2.3).
 */
export const RETRY_AFTER_SECONDS = 5;

/** A redirect no cache keeps. */
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

/** What {@link errorResult} answers with. */
export interface ErrorResultOptions {
  /** HTML for browsers (default), JSON for API calls and the IdP's back channel. */
  readonly format?: 'html' | 'json';
  /** Which page a 4xx is: a problem with signing in (default) or with signing out. */
  readonly area?: 'sign-in' | 'sign-out';
  readonly render?: PageRenderer | null;
}

/**
 * Maps any error to a response. Only errors marked `expose` show their message; anything
 * else is a generic 500 and goes to the log, never to the browser. A 503 carries `Retry-After`,
 * whichever route or request it answers.
 */
export function errorResult(error: unknown, logger: Logger, answer: ErrorResultOptions = {}): HttpResult {
  const { format = 'html', area = 'sign-in', render = null } = answer;
  const known = isIdentityWebError(error) && error.expose;
  // A hidden message still keeps its status: an unreachable IdP is a 503, not a 500.
  const status = isIdentityWebError(error) ? error.status : 500;
  // An outage's code says what is down (`store_unavailable`, `idp_unavailable`) and leaks nothing;
  // any other hidden error (an invalid option, a decrypt failure) is a `server_error` outside.
  const outage = isIdentityWebError(error) && error.status > 500;
  const code = known || outage ? error.code : 'server_error';
  const message = known ? error.message : 'Something went wrong. Please try again.';
  if (!known) {
    const errorCode = isIdentityWebError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
    logger.error({ status, code: errorCode, error: describe(error) }, 'identity-web request failed');
  }
  const retry: Record<string, string> = status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
  return format === 'json'
    ? json(status, { error: code, error_description: message }, retry)
    : html(status, renderPage(render, pageKind(status, code, area), status, message), [], retry);
}

function describe(error: unknown): string {
  if (isIdentityWebError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}

/** The page of an error: its code's, by the table; a 4xx "problem" page names the area that failed. */
function pageKind(status: number, code: string, area: 'sign-in' | 'sign-out'): PageKind {
  if (status >= 500) return 'server-error';
  const { page } = answerOf(code);
  // A hidden 4xx (its code swapped for `server_error`) is still a problem with the request.
  if (page !== 'problem' && page !== 'server-error') return page;
  return area === 'sign-out' ? 'sign-out-problem' : 'sign-in-problem';
}
