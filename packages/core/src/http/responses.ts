// The answers the HTTP layer builds: no-store redirects, HTML and JSON, and any error turned into its answer.
import type { ErrorAnswer } from '../domain/error-answers.js';
import { isIdentityWebError } from '../domain/errors.js';
import { failureAnswerOf } from '../domain/failure-answer.js';
import type { Logger } from '../ports/logger.port.js';
import { type PageKind, type PageRenderer, renderPage } from './pages.js';
import type { CookieToSet, HttpResult } from './types.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The `Retry-After` header of an answer whose failure passes by itself (a 503), else none. */
export function retryHeaders(answer: Pick<ErrorAnswer, 'retryAfterSeconds'>): Record<string, string> {
  return answer.retryAfterSeconds === null ? {} : { 'retry-after': String(answer.retryAfterSeconds) };
}

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
  /** The failure was logged already: its answer is not logged again. */
  readonly logged?: boolean;
}

/**
 * Maps any error to a response. Only errors marked `expose` show their message; anything
 * else is a generic 500 and goes to the log, never to the browser. A 503 carries `Retry-After`,
 * whichever route or request it answers.
 */
export function errorResult(error: unknown, logger: Logger, answer: ErrorResultOptions = {}): HttpResult {
  const { format = 'html', area = 'sign-in', render = null, logged = false } = answer;
  const failure = failureAnswerOf(error);
  const message = failure.message ?? 'Something went wrong. Please try again.';
  if (failure.message === null && !logged) {
    const errorCode = isIdentityWebError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
    logger.error({ status: failure.status, code: errorCode, error: describe(error) }, 'identity-web request failed');
  }
  const retry = retryHeaders(failure);
  return format === 'json'
    ? json(failure.status, { error: failure.code, error_description: message }, retry)
    : html(failure.status, renderPage(render, pageKind(failure.page, area), failure.status, message), [], retry);
}

function describe(error: unknown): string {
  if (isIdentityWebError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
}

/** The page of an error: its code's, by the table; a "problem" page names the area that failed. */
function pageKind(page: ErrorAnswer['page'], area: 'sign-in' | 'sign-out'): PageKind {
  if (page !== 'problem') return page;
  return area === 'sign-out' ? 'sign-out-problem' : 'sign-in-problem';
}
