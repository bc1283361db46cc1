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

/** What the user must be asked for again: consent to scopes, MFA, a conditional-access claims challenge. */
export interface InteractionRequest {
  /** The scopes to ask the user for. */
  scopes: readonly string[];
  /** A claims challenge (JSON string) to pass as the `claims` authorization parameter. */
  claims?: string;
  /** Authentication context classes to ask the provider for (`acr_values`, RFC 9470 §4). */
  acrValues?: readonly string[];
  /** How long ago, at most, the user may have authenticated, in seconds (`max_age`, RFC 9470 §4). */
  maxAge?: number;
  /** The IdP's error code (`consent_required`, `AADSTS65001`, `invalid_grant`, ...). */
  reason?: string;
}

/**
 * Silent acquisition cannot succeed without the user: the adapters turn this into a
 * challenge (a redirect to sign-in asking for `scopes` and `claims`).
 *
 * @example
 * ```ts
 * import { InteractionRequiredError } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * // Thrown out of a handler, it becomes a sign-in that asks for the scope (or 401 JSON for a script).
 * app.post('/orders', requireAuth(), () => {
 *   throw new InteractionRequiredError('placing orders needs consent', { scopes: ['api://orders/write'] });
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1.2.6 (Authentication Error Response): `interaction_required`,
 * `login_required`, `consent_required`.
 */
export class InteractionRequiredError extends IdentityWebError {
  /** What the sign-in that answers the challenge must ask for. */
  readonly interaction: InteractionRequest;

  constructor(message: string, interaction: InteractionRequest, options: IdentityWebErrorOptions = {}) {
    super(ErrorCode.InteractionRequired, message, options);
    this.name = 'InteractionRequiredError';
    this.interaction = interaction;
  }
}

/** OAuth and OpenID error codes by what the user has to do about them. */
const CONSENT = new Set(['invalid_scope', 'consent_required', 'invalid_target']);
const STEP = new Set(['interaction_required', 'insufficient_user_authentication']);

/**
 * What an interaction-required error asks of the user, in words, by the provider's `reason`
 * (its OAuth error code): more consent (`invalid_scope`, `consent_required`, RFC 8707's
 * `invalid_target`), a step at the provider (`interaction_required`, RFC 9470's
 * `insufficient_user_authentication`, or a claims challenge: MFA, terms of use), else a new
 * sign-in (`invalid_grant`, `login_required`: the session or refresh token is gone).
 *
 * @example new InteractionRequiredError(describeInteraction('invalid_scope'), { scopes, reason: 'invalid_scope' })
 */
export function describeInteraction(reason: string, claimsChallenge = false): string {
  const need = CONSENT.has(reason)
    ? 'the user must consent to more access'
    : claimsChallenge || STEP.has(reason)
      ? 'the user must complete a step at the provider (MFA, terms of use, a claims challenge)'
      : 'the user must sign in again';
  return `${need} (${reason}): identity-web answers it with a sign-in that asks for it (on Express: app.use(authErrorHandler()) after the routes)`;
}

/**
 * The one helper for a bad option or argument, used by every package: the message says what
 * is expected and `option` names the field.
 *
 * @example throw invalidOption('session.ttlSeconds', 'must be a positive whole number of seconds');
 */
export function invalidOption(option: string, expected: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidOption, `identity-web: "${option}" ${expected}`, { option, cause });
}

/** A library function called wrongly (e.g. `requireAuth()` before `identityWeb()`); `argument` names what is wrong. */
export function invalidArgument(argument: string, message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: ${message}`, { option: argument });
}

/** A bad input from the network (callback, logout request, form): a 4xx that changes nothing. */
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

/**
 * Recognises an {@link InteractionRequiredError} by its code and shape, never by `instanceof`,
 * for the same reason as {@link isIdentityWebError}.
 *
 * @example
 * ```ts
 * import { isInteractionRequired } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * app.get('/reports', requireAuth(), async (c) => {
 *   try {
 *     return await c.var.auth.callApi('reports', '/latest');
 *   } catch (error) {
 *     // Rethrown, it becomes a sign-in that asks for what is missing.
 *     if (isInteractionRequired(error)) log.info('consent needed', { scopes: error.interaction.scopes });
 *     throw error;
 *   }
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1.2.6 (Authentication Error Response)
 */
export function isInteractionRequired(error: unknown): error is InteractionRequiredError {
  const e = error as Partial<InteractionRequiredError> | null;
  return (
    isIdentityWebError(error) &&
    e?.code === ErrorCode.InteractionRequired &&
    typeof e.interaction === 'object' &&
    e.interaction !== null
  );
}
