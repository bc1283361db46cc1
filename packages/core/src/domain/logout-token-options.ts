// The logout-token options every IdP package takes (`clockSkewSeconds`, `logoutToken.maxAgeSeconds`,
// `logoutToken.allowMissingExp`), checked once, with one set of limits and defaults.
import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_LOGOUT_TOKEN_MAX_AGE_SECONDS } from './logout-token.js';
import { optionalBoolean, optionalNumber, optionalObject } from './option-checks.js';

/**
 * A logout token's acceptance rules after validation, every default applied.
 *
 * @group Back-channel logout
 */
export interface LogoutTokenPolicy {
  /** Oldest acceptable `iat`, in seconds, plus the clock skew. */
  readonly maxAgeSeconds: number;
  /** Whether a token without `exp` is accepted (within `maxAgeSeconds` of its `iat`). */
  readonly allowMissingExp: boolean;
}

/**
 * The longest `logoutToken.maxAgeSeconds`: a day. The core remembers each accepted token's `jti`
 * for two days, longer than any token is accepted (`iat` + this + the clock skew).
 */
const MAX_LOGOUT_TOKEN_AGE_SECONDS = 86_400;

/**
 * The longest `clockSkewSeconds`: ten minutes. A logout token is accepted until `iat` + its
 * maximum age + skew, and its `jti` is remembered for two days: with a day of maximum age, a
 * skew above about twelve hours would let a captured token outlive that memory and be replayed.
 */
const MAX_CLOCK_SKEW_SECONDS = 600;

/**
 * `clockSkewSeconds`: from 0 to 600, default 60.
 *
 * @group Back-channel logout
 */
export function resolveClockSkewSeconds(value: unknown): number {
  return optionalNumber(value, 'clockSkewSeconds', DEFAULT_CLOCK_SKEW_SECONDS, {
    min: 0,
    max: MAX_CLOCK_SKEW_SECONDS,
    note: 'ten minutes',
  });
}

/**
 * `logoutToken`: `maxAgeSeconds` from 1 to 86400 (default 300), `allowMissingExp` (default `true`).
 *
 * @group Back-channel logout
 */
export function resolveLogoutTokenOptions(value: unknown): LogoutTokenPolicy {
  const group = optionalObject(value as Record<string, unknown> | undefined, 'logoutToken') ?? {};
  return {
    maxAgeSeconds: optionalNumber(
      group.maxAgeSeconds,
      'logoutToken.maxAgeSeconds',
      DEFAULT_LOGOUT_TOKEN_MAX_AGE_SECONDS,
      {
        min: 1,
        max: MAX_LOGOUT_TOKEN_AGE_SECONDS,
        note: 'one day',
      },
    ),
    allowMissingExp: optionalBoolean(group.allowMissingExp, 'logoutToken.allowMissingExp', true),
  };
}
