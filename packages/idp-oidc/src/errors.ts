import { ErrorCode, IdentityWebError, isIdentityWebError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';

/** The provider answered something unusable or refused us (502). */
export function idpError(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpError, message, { status: 502, cause });
}

/** The provider could not be reached, timed out or asked us to retry later (503). */
export function idpUnavailable(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpUnavailable, message, { status: 503, cause });
}

/**
 * An OAuth error code from the network, safe to put in a message: RFC 6749 §5.2 restricts it to
 * printable ASCII; we keep a stricter set so a hostile provider cannot inject markup or log lines.
 */
export function safeErrorCode(value: unknown): string {
  return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : 'unknown_error';
}

function statusOf(error: oauth.OperationProcessingError): number | undefined {
  return error.cause instanceof Response ? error.cause.status : undefined;
}

/** The OAuth error body of a failed token/revocation call, if the provider sent one. */
export function oauthErrorOf(error: unknown): oauth.ResponseBodyError | undefined {
  return error instanceof oauth.ResponseBodyError ? error : undefined;
}

/**
 * Turns anything a provider call can throw into a typed error. oauth4webapi errors carry the
 * response body (tokens included) in `cause`, so they are never attached: the cause keeps only
 * the OAuth error code, description and HTTP status.
 */
export function idpFailure(error: unknown, operation: string): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const code = safeErrorCode(error.error);
    const cause = { error: code, error_description: error.error_description, status: error.status };
    return idpError(`${operation} failed: the provider answered "${code}"`, cause);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return idpError(`${operation} failed: the provider refused the client`, { status: error.status });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = statusOf(error);
    const message = `${operation} failed: ${status === undefined || status < 300 ? error.message : `the provider answered HTTP ${status}`}`;
    // RFC 7009 §2.2.1 and RFC 9110 §15.6.4: 503 means "try again later", which the core may schedule.
    const cause = { code: error.code, status };
    return status === 503 ? idpUnavailable(message, cause) : idpError(message, cause);
  }
  if (error instanceof oauth.UnsupportedOperationError) return idpError(`${operation} failed: ${error.message}`);
  const name = error instanceof Error || error instanceof DOMException ? error.name : typeof error;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return idpUnavailable(`${operation} failed: the provider timed out`, { name });
  }
  return idpError(`${operation} failed unexpectedly`, { name });
}
