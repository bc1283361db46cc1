// The error classes identity-web throws, the helpers that make them, and their shape checks.
import { answerOf } from './error-answers.js';
import { ErrorCode } from './error-codes.js';

export { ErrorCode };

/**
 * Options of {@link IdentityWebError}.
 *
 * @example
 * ```ts
 * import { ErrorCode, IdentityWebError } from '@identity-web/core';
 *
 * try {
 *   await fetch('https://sessions.internal/health');
 * } catch (cause) {
 *   throw new IdentityWebError(ErrorCode.StoreUnavailable, 'the session store is unreachable', { cause });
 * }
 * ```
 *
 * @group Errors
 */
export interface IdentityWebErrorOptions {
  /** The option or argument at fault, for `invalid_option` and `invalid_argument`. */
  option?: string;
  /** The underlying error, kept as `cause` for logs. */
  cause?: unknown;
}

/**
 * The one base class of every error identity-web throws on purpose. A throw site names a code
 * and a message; the code alone decides the HTTP `status` and `expose` (Koa's convention: only
 * exposed messages reach a client, so 5xx details never leak), from one table.
 *
 * @example
 * ```ts
 * import { ErrorCode, isIdentityWebError } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * app.get('/orders', requireAuth(), async (c) => {
 *   try {
 *     const { accessToken } = await c.var.auth.acquireToken('api://orders/read');
 *     return c.json({ tokenLength: accessToken.length });
 *   } catch (error) {
 *     if (isIdentityWebError(error) && error.code === ErrorCode.IdpUnavailable) {
 *       return c.json({ error: 'try again later' }, 503); // error.status is 503 too
 *     }
 *     throw error;
 *   }
 * });
 * ```
 *
 * @group Errors
 */
export class IdentityWebError extends Error {
  /** The stable error code: branch on this, never on `instanceof` or the message. */
  readonly code: ErrorCode;
  /** The HTTP status the error is answered with, decided by its code. */
  readonly status: number;
  /** Whether `message` may be shown to the client (every 4xx), or a generic message is (every 5xx). */
  readonly expose: boolean;
  /** The option or argument at fault, so callers never parse messages. */
  readonly option?: string;

  constructor(code: ErrorCode, message: string, options: IdentityWebErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdentityWebError';
    this.code = code;
    const { status, expose } = answerOf(code);
    this.status = status;
    this.expose = expose;
    if (options.option !== undefined) this.option = options.option;
  }
}

/**
 * The one helper for a bad option or argument, used by every package: the message says what
 * is expected and `option` names the field.
 *
 * @example throw invalidOption('session.ttlSeconds', 'must be a positive whole number of seconds');
 *
 * @group Errors
 */
export function invalidOption(option: string, expected: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidOption, `identity-web: "${option}" ${expected}`, { option, cause });
}

/**
 * A library function called wrongly (e.g. `requireAuth()` before `identityWeb()`); `argument` names what is wrong.
 *
 * @group Errors
 */
export function invalidArgument(argument: string, message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: ${message}`, { option: argument });
}

/**
 * A bad input from the network (callback, logout request, form): a 4xx that changes nothing.
 *
 * @group Errors
 */
export function badRequest(code: ErrorCode, message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(code, message, { cause });
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Recognises an identity-web error by its shape, never by `instanceof`: an app that ends up
 * with two copies of the core (version drift) still gets the right status and challenge.
 *
 * @example
 * ```ts
 * import { ErrorCode, isIdentityWebError } from '@identity-web/core';
 *
 * try {
 *   await identity.signOutUser({ issuer, subject: 'alice' });
 * } catch (error) {
 *   if (!isIdentityWebError(error) || error.code !== ErrorCode.StoreUnavailable) throw error;
 *   log.info('sign-out postponed: a store is down', { status: error.status }); // 503
 * }
 * ```
 *
 * @group Errors
 */
export function isIdentityWebError(error: unknown): error is IdentityWebError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; status?: unknown; expose?: unknown };
  return (
    typeof e.code === 'string' && CODES.has(e.code) && typeof e.status === 'number' && typeof e.expose === 'boolean'
  );
}

/** The names identity-web's error classes give their errors. */
const OWN_ERRORS: ReadonlySet<string> = new Set(['IdentityWebError', 'InteractionRequiredError']);

/**
 * An error identity-web threw itself (from this copy of the core or another): its shape, and the
 * name of one of its error classes. An app's http-errors error with a code of the same spelling
 * (Koa's `ctx.throw(404, msg, { code: 'not_found' })`) is the app's, not identity-web's.
 */
export function isOwnIdentityWebError(error: unknown): error is IdentityWebError {
  return isIdentityWebError(error) && OWN_ERRORS.has(error.name);
}
