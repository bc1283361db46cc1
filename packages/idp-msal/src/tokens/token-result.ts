// msal's result as the port's `TokenResult`, and whether msal served a token the core's rule says is due.
import type { AuthenticationResult } from '@azure/msal-node';
import { refreshDueAt, type TokenResult } from '@identity-web/core/provider';
import { idpError } from '../errors.js';

/**
 * msal's fixed renewal window (msal-common `DEFAULT_TOKEN_RENEWAL_OFFSET_SEC`): msal-node offers
 * no way to change it, so msal itself refreshes any cached token expiring within 300 s.
 */
export const MSAL_RENEWAL_OFFSET_SECONDS = 300;

/**
 * Whether msal served a cached token that the core's rule says is due: a skew wider than msal's
 * 300 s on a long-lived token. `issuedAt` is the token's `cached_at` (unknown: the whole skew).
 */
export function dueFromCache(
  result: AuthenticationResult,
  issuedAt: number | undefined,
  skewSeconds: number,
  now: number,
): boolean {
  return (
    result.fromCache &&
    result.expiresOn !== null &&
    refreshDueAt(result.expiresOn.getTime(), issuedAt, skewSeconds) <= now
  );
}

/** The port's `TokenResult`; `partition` is `null` when msal's cache came out unchanged. */
export function tokenResult(
  result: AuthenticationResult | null,
  before: string | null,
  after: string,
  issuedAt: number | undefined,
): TokenResult {
  if (result === null || !result.accessToken || result.expiresOn === null) {
    throw idpError('Entra returned no access token');
  }
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn.getTime(),
    ...(issuedAt !== undefined && { issuedAt }),
    scopes: [...result.scopes],
    tokenType: result.tokenType || 'Bearer',
    // serialize() of an untouched cache reproduces its input byte for byte (same key order).
    partition: after === before ? null : after,
  };
}
