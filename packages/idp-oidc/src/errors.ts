// Turns whatever a provider call throws into the core's typed errors, never attaching the response body.
import { ErrorCode, IdentityWebError, isIdentityWebError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from './options.js';

/** The provider answered something unusable or refused us (502). */
export function idpError(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpError, message, { cause });
}

/** The provider could not be reached, timed out or asked us to retry later (503). */
export function idpUnavailable(message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.IdpUnavailable, message, { cause });
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

/** OAuth errors (RFC 6749 §5.2) by which a token endpoint refuses the client itself. */
const CLIENT_REFUSALS = new Set(['invalid_client', 'unauthorized_client']);

/** A refused client is a configuration to fix: the message says what to check. */
function refusedClient(operation: string, answer: string, clientAuth: ClientAuthMethod | undefined, cause: unknown) {
  const basic =
    clientAuth === 'client_secret_basic'
      ? "; a provider that does not form-decode Basic credentials (an id or secret with characters other than letters, digits, '-', '.', '_' or '*') needs clientAuth: 'client_secret_post'"
      : '';
  return idpError(
    `${operation} failed: the provider refused the client (${answer}): check clientId, clientSecret and clientAuth${basic}`,
    cause,
  );
}

/**
 * Turns anything a provider call can throw into a typed error. oauth4webapi errors carry the
 * response body (tokens included) in `cause`, so they are never attached: the cause keeps only
 * the OAuth error code, description and HTTP status. `clientAuth`, for calls that authenticate
 * the client, lets a refusal of the client name what to check.
 */
export function idpFailure(error: unknown, operation: string, clientAuth?: ClientAuthMethod): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const code = safeErrorCode(error.error);
    const cause = { error: code, error_description: error.error_description, status: error.status };
    if (CLIENT_REFUSALS.has(code)) return refusedClient(operation, `"${code}"`, clientAuth, cause);
    return idpError(`${operation} failed: the provider answered "${code}"`, cause);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return refusedClient(operation, `HTTP ${error.status} with a challenge`, clientAuth, { status: error.status });
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
