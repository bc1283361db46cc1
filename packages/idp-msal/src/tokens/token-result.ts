import type { AuthenticationResult } from '@azure/msal-node';
import type { TokenResult } from '@identity-web/core/provider';
import { idpError } from '../errors.js';

/**
 * msal's fixed renewal window (msal-common `DEFAULT_TOKEN_RENEWAL_OFFSET_SEC`): msal-node offers
 * no way to change it, so a cached token expiring within 300 s is always refreshed.
 */
export const MSAL_RENEWAL_OFFSET_SECONDS = 300;

/** Whether a cached token is inside the caller's refresh window, which msal did not apply. */
export function insideSkew(result: AuthenticationResult, skewSeconds: number, now: number): boolean {
  return (
    result.fromCache &&
    skewSeconds > MSAL_RENEWAL_OFFSET_SECONDS &&
    result.expiresOn !== null &&
    result.expiresOn.getTime() - now <= skewSeconds * 1000
  );
}

/** The port's `TokenResult`; `partition` is `null` when msal's cache came out unchanged. */
export function tokenResult(result: AuthenticationResult | null, before: string | null, after: string): TokenResult {
  if (result === null || !result.accessToken || result.expiresOn === null) {
    throw idpError('Entra returned no access token');
  }
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn.getTime(),
    scopes: [...result.scopes],
    tokenType: result.tokenType || 'Bearer',
    // serialize() of an untouched cache reproduces its input byte for byte (same key order).
    partition: after === before ? null : after,
  };
}
