// The error classes identity-web throws, the helpers that make them, and their shape checks.
import { answerOf } from './error-answers.js';
import { ErrorCode } from './error-codes.js';

export { ErrorCode };

/** Options of {@link IdentityWebError}. */
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
 * try {
 *   await auth.acquireToken('api://orders/read');
 * } catch (error) {
 *   if (isIdentityWebError(error) && error.code === ErrorCode.IdpUnavailable) {
 *     // error.status === 503: try again later
 *   }
 *   throw error;
 * }
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
  /** The IdP's error code (`consent_required`, `AADSTS65001`, `invalid_grant`, ...). */
  reason?: string;
}

/**
 * Silent acquisition cannot succeed without the user: the adapters turn this into a
 * challenge (a redirect to sign-in asking for `scopes` and `claims`).
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
 */
export function isIdentityWebError(error: unknown): error is IdentityWebError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; status?: unknown; expose?: unknown };
  return (
    typeof e.code === 'string' && CODES.has(e.code) && typeof e.status === 'number' && typeof e.expose === 'boolean'
  );
}

/**
 * Recognises an {@link InteractionRequiredError} by its code and shape, never by `instanceof`,
 * for the same reason as {@link isIdentityWebError}.
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
