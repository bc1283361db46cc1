// How identity-web answers each of its error codes over HTTP: the one table that the error
// class, the error pages, the adapters' error boundary and the README's error table all read,
// and the functions beside it that every failure answer of the HTTP layer takes its status from.
import type { ErrorCode } from './error-codes.js';
import type { PageKind } from './page.js';

/** The error pages: a kind of its own, or a sign-in or sign-out "problem" page, by the route that failed. */
export type ErrorPage =
  | Extract<PageKind, 'consent-not-granted' | 'forbidden' | 'sign-in-refused' | 'server-error' | 'not-found'>
  | 'problem';

/**
 * What the adapters' error boundary does with an error of this code that reaches it from the
 * app's own code (`auth.acquireToken`, `auth.callApi`, a store call):
 * - `challenge`: asks the user to sign in (again), or to consent;
 * - `answer`: answers it with its status and page, for identity-web's own errors only (an app's
 *   `ctx.throw(400, …, { code: 'invalid_request' })` has the same shape and stays the app's);
 * - `verdict`: answers it even when the app threw it, so an app can refuse access the way
 *   `requireAuth` does;
 * - `app`: leaves it to the app's error handling (a bug, an invalid option: a 500).
 */
export type BoundaryAction = 'challenge' | 'answer' | 'verdict' | 'app';

/** How one error code is answered. */
export interface ErrorAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** Whether the error's message may reach the client (Koa's `expose`): never for a 5xx. */
  readonly expose: boolean;
  /** Which HTML page a browser sees. */
  readonly page: ErrorPage;
  /** What the adapters' error boundary does with it. */
  readonly boundary: BoundaryAction;
  /**
   * Seconds for `Retry-After` (RFC 9110 §10.2.3) when the failure passes by itself (a provider
   * or a store down: a 503), else `null`.
   */
  readonly retryAfterSeconds: number | null;
}

/**
 * `Retry-After` of every 503 (a store or the IdP down): long enough for a Redis restart or a
 * Cluster failover's promotion, short enough that a client that honours it is not kept waiting
 * for nothing (RFC 9110 §10.2.3).
 */
export const RETRY_AFTER_SECONDS = 5;

const client = (status: number, page: ErrorPage = 'problem', boundary: BoundaryAction = 'answer'): ErrorAnswer =>
  Object.freeze({ status, expose: true, page, boundary, retryAfterSeconds: null });
const server = (status: 500 | 502 | 503, boundary: BoundaryAction = 'answer'): ErrorAnswer =>
  Object.freeze({
    status,
    expose: false,
    page: 'server-error',
    boundary,
    retryAfterSeconds: status === 503 ? RETRY_AFTER_SECONDS : null,
  });

/**
 * Every code's answer. A 4xx shows its message (it says what the request got wrong and leaks
 * nothing); a 5xx never does (RFC 9110 §15.6: the details are the server's), and its page is the
 * generic one. 502 is a provider that answered something unusable, 503 one that is down or a store
 * that is: both are answered with `Retry-After`.
 */
export const ERROR_ANSWERS: { readonly [C in ErrorCode]: ErrorAnswer } = Object.freeze({
  invalid_option: server(500, 'app'),
  invalid_argument: server(500, 'app'),
  interaction_required: client(401, 'problem', 'challenge'),
  consent_not_granted: client(403, 'consent-not-granted', 'verdict'),
  sign_in_loop: client(403, 'problem', 'verdict'),
  forbidden: client(403, 'forbidden', 'verdict'),
  sign_in_refused: client(403, 'sign-in-refused', 'verdict'),
  invalid_state: client(400),
  invalid_callback: client(400),
  idp_error: server(502),
  idp_unavailable: server(503),
  invalid_logout_token: client(400),
  logout_token_replayed: client(400),
  invalid_security_event: client(400),
  security_event_replayed: client(400),
  invalid_request: client(400),
  csrf_failed: client(403),
  invalid_return_to: client(400),
  not_authenticated: client(401, 'problem', 'challenge'),
  cache_decrypt_failed: server(500, 'app'),
  store_conflict: server(503),
  store_unavailable: server(503),
  method_not_allowed: client(405),
  not_found: client(404, 'not-found'),
  invalid_token: client(401),
  insufficient_scope: client(403),
  insufficient_user_authentication: client(401),
  invalid_dpop_proof: client(401),
  use_dpop_nonce: client(401),
  server_error: server(500, 'app'),
});

/** The answer of `code`, or that of `server_error` for a code identity-web does not know. */
export function answerOf(code: unknown): ErrorAnswer {
  return typeof code === 'string' && Object.hasOwn(ERROR_ANSWERS, code)
    ? ERROR_ANSWERS[code as ErrorCode]
    : ERROR_ANSWERS.server_error;
}

/**
 * RFC 8935 §2.3–2.4: the status of a Security Event Token push refused with `err`: 401 for a
 * transmitter that did not authenticate (`authentication_failed`), else 400 with the RFC's
 * error JSON, whatever the reason (a refused key, issuer, audience, or a malformed request).
 */
export function securityEventRefusalStatus(err: string): number {
  return err === 'authentication_failed'
    ? ERROR_ANSWERS.not_authenticated.status
    : ERROR_ANSWERS.invalid_request.status;
}
