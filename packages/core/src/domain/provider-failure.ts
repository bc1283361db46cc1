// What an identity provider's failure is for the app: "try again later" (503) or "unusable" (502), by one rule.
import { ErrorCode, IdentityWebError } from './errors.js';

/**
 * The provider answered something unusable or refused us: `idp_error`, answered 502.
 *
 * @param message - What was asked of whom, never a body, code or token the provider sent.
 * @param cause - Kept for logs; never the response body.
 *
 * @group Errors
 */
export function idpError(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpError, message, { cause });
}

/**
 * The provider could not be reached, timed out or asked us to try again later: `idp_unavailable`,
 * answered 503 with `Retry-After` by the core.
 *
 * @param message - What was asked of whom, never a body, code or token the provider sent.
 * @param cause - Kept for logs; never the response body.
 *
 * @group Errors
 */
export function idpUnavailable(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpUnavailable, message, { cause });
}

/**
 * The one rule for "the provider is down, try again later": no answer at all, any 5xx
 * (RFC 9110 §15.6: the server failed, not the request) and 429 (RFC 6585 §4: too many requests).
 * Every other status is the provider refusing us or answering something unusable.
 *
 * @param answer - The HTTP status the provider answered, or `'unreachable'` when no answer came
 *   (a network failure, a timeout or an abort).
 *
 * @group Errors
 */
export function isProviderDown(answer: number | 'unreachable'): boolean {
  return answer === 'unreachable' || answer >= 500 || answer === 429;
}

/**
 * The typed error for a failed request to the provider, by {@link isProviderDown}:
 * `idp_unavailable` (503 with `Retry-After`) when it is down, `idp_error` (502) otherwise.
 *
 * @param answer - The HTTP status the provider answered, or `'unreachable'`.
 * @param message - What was asked of whom, never a body, code or token the provider sent.
 * @param cause - Kept for logs; never the response body.
 *
 * @group Errors
 */
export function providerFailure(answer: number | 'unreachable', message: string, cause?: unknown): IdentityWebError {
  return isProviderDown(answer) ? idpUnavailable(message, cause) : idpError(message, cause);
}

/**
 * An OAuth error code from the network, safe to put in a message: RFC 6749 §5.2 restricts it to
 * printable ASCII; we keep a stricter set so a hostile provider or caller cannot inject markup or
 * log lines.
 *
 * @returns The code, or `unknown_error` for anything else.
 *
 * @group Errors
 */
export function safeErrorCode(value: unknown): string {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : 'unknown_error';
}
