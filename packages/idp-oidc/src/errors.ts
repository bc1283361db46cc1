// Turns whatever a provider call throws into the core's typed errors, never attaching the response body.

import { isIdentityWebError } from '@identity-web/core';
import { type IdentityWebError, idpError, providerFailure, safeErrorCode } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from './options.js';

// The core's factories and rule, under the names this package's modules import from here.
export { idpError, idpUnavailable, safeErrorCode } from '@identity-web/core/provider';

function statusOf(error: oauth.OperationProcessingError): number | undefined {
  return error.cause instanceof Response ? error.cause.status : undefined;
}

/** The OAuth error body of a failed token/revocation call, if the provider sent one. */
export function oauthErrorOf(error: unknown): oauth.ResponseBodyError | undefined {
  return error instanceof oauth.ResponseBodyError ? error : undefined;
}

/** OAuth errors (RFC 6749 §5.2) by which a token endpoint refuses the client itself. */
const CLIENT_REFUSALS = new Set(['invalid_client', 'unauthorized_client']);

/** How the client authenticates, for a refusal to name the credential to check. */
export interface ClientCredentials {
  readonly clientAuth: ClientAuthMethod | 'private_key_jwt';
  /** The `private_key_jwt` keys, the signing one first (its `kid` is in every assertion). */
  readonly clientKeys: readonly { readonly kid: string }[];
}

const BASIC_HINT =
  "; a provider that does not form-decode Basic credentials (an id or secret with characters other than letters, digits, '-', '.', '_' or '*') needs clientAuth: 'client_secret_post'";

/** What to check, by the credential the client sent: a secret, an HMAC key or a signing key. */
function checkList(client: ClientCredentials | undefined): string {
  switch (client?.clientAuth) {
    case 'private_key_jwt': {
      const kid = client.clientKeys[0]?.kid ?? '';
      return `the client assertion was signed with the key of kid "${kid}" (the first key of privateKeyJwt): the provider must have its public key registered for this client (the output of clientJwks(), in the client's JWKS or at its registered jwks_uri), and clientId and clientAuth must match the registration`;
    }
    case 'client_secret_jwt':
      return 'check clientId, clientSecret (the HMAC key that signs the client_secret_jwt assertion: the provider must hold the same secret) and clientAuth';
    case 'none':
      return 'the client sent no credential (clientAuth "none"): check clientId, and give clientSecret or clientAuth: privateKeyJwt(keys) if the provider registered a confidential client';
    case 'client_secret_basic':
      return `check clientId, clientSecret and clientAuth${BASIC_HINT}`;
    default:
      return 'check clientId, clientSecret and clientAuth';
  }
}

/** A refused client is a configuration to fix: the message says what to check. */
function refusedClient(operation: string, answer: string, client: ClientCredentials | undefined, cause: unknown) {
  return idpError(`${operation} failed: the provider refused the client (${answer}): ${checkList(client)}`, cause);
}

/**
 * Turns anything a provider call can throw into a typed error. oauth4webapi errors carry the
 * response body (tokens included) in `cause`, so they are never attached: the cause keeps only
 * the OAuth error code, description and HTTP status. `client`, for calls that authenticate the
 * client, lets a refusal of the client name the credential to check.
 */
export function idpFailure(error: unknown, operation: string, client?: ClientCredentials): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  if (error instanceof oauth.ResponseBodyError) {
    const code = safeErrorCode(error.error);
    const cause = { error: code, error_description: error.error_description, status: error.status };
    if (CLIENT_REFUSALS.has(code)) return refusedClient(operation, `"${code}"`, client, cause);
    // A 5xx or 429 with an OAuth error body is still "try again later" (the core's one rule).
    return providerFailure(error.status, `${operation} failed: the provider answered "${code}"`, cause);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return refusedClient(operation, `HTTP ${error.status} with a challenge`, client, { status: error.status });
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = statusOf(error);
    const message = `${operation} failed: ${status === undefined || status < 300 ? error.message : `the provider answered HTTP ${status}`}`;
    // RFC 7009 §2.2.1, RFC 9110 §15.6 and RFC 6585 §4: a 5xx or 429 means "try again later".
    const cause = { code: error.code, status };
    return status === undefined ? idpError(message, cause) : providerFailure(status, message, cause);
  }
  if (error instanceof oauth.UnsupportedOperationError) return idpError(`${operation} failed: ${error.message}`);
  const name = error instanceof Error || error instanceof DOMException ? error.name : typeof error;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return providerFailure('unreachable', `${operation} failed: the provider timed out`, { name });
  }
  return idpError(`${operation} failed unexpectedly`, { name });
}
