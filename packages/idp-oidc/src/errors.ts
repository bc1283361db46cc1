import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';

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
  if (error instanceof IdentityWebError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const code = safeErrorCode(error.error);
    const cause = { error: code, error_description: error.error_description, status: error.status };
    return new IdentityWebError(ErrorCode.IdpError, `${operation} failed: the provider answered "${code}"`, {
      status: 502,
      cause,
    });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new IdentityWebError(ErrorCode.IdpError, `${operation} failed: the provider refused the client`, {
      status: 502,
      cause: { status: error.status },
    });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = statusOf(error);
    // RFC 7009 §2.2.1 and RFC 9110: 503 means "try again later", which the core may schedule.
    const unavailable = status === 503;
    return new IdentityWebError(
      unavailable ? ErrorCode.IdpUnavailable : ErrorCode.IdpError,
      `${operation} failed: ${status === undefined || status < 300 ? error.message : `the provider answered HTTP ${status}`}`,
      { status: unavailable ? 503 : 502, cause: { code: error.code, status } },
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new IdentityWebError(ErrorCode.IdpError, `${operation} failed: ${error.message}`, { status: 502 });
  }
  const name = error instanceof Error || error instanceof DOMException ? error.name : typeof error;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new IdentityWebError(ErrorCode.IdpUnavailable, `${operation} failed: the provider timed out`, {
      status: 503,
      cause: { name },
    });
  }
  return new IdentityWebError(ErrorCode.IdpError, `${operation} failed unexpectedly`, { status: 502, cause: { name } });
}
