// What a protected API route asks of its caller's token: scopes, roles, a claim, a recent or strong sign-in.
import type { AccessTokenClaims } from './access-token-claims.js';
import { ApiRefusal } from './api-refusal.js';

/**
 * What a route asks of the token, each rule optional. Scopes, roles and `acrValues` are "one
 * of": a token with `orders.write` alone passes `scopes: ['orders.read', 'orders.write']`, as an
 * API's scope check usually reads (Microsoft.Identity.Web's `RequiredScope` reads the same);
 * for "every one of them", write `claim`. Several rules must all pass. (The web apps'
 * `requireAuth` asks of a session every scope and role it lists.)
 *
 * @example
 * ```ts
 * const requirement: ApiRequirement = {
 *   scopes: ['orders.read', 'orders.write'],
 *   roles: ['Orders.Admin'],
 *   claim: (claims) => claims.tid === '72f988bf-86f1-41af-91ab-2d7cd011db47',
 *   acrValues: ['urn:example:mfa'],
 *   maxAgeSeconds: 600,
 * };
 * ```
 */
export interface ApiRequirement {
  /** One of these scopes (`scope`, or Entra's `scp`); else 403 `insufficient_scope` naming them (RFC 6750 §3.1). */
  readonly scopes?: readonly string[];
  /** One of these roles (`roles`); else 403. */
  readonly roles?: readonly string[];
  /** A rule over the token's claims; `false` answers 403. */
  readonly claim?: (claims: Readonly<Record<string, unknown>>) => boolean;
  /**
   * The sign-in must have used one of these authentication context classes (the token's `acr`);
   * else 401 `insufficient_user_authentication` with `acr_values` (RFC 9470 §3), which a web app
   * on identity-web turns into a sign-in asking for them.
   */
  readonly acrValues?: readonly string[];
  /**
   * The user must have signed in at most this many seconds ago (the token's `auth_time`); else
   * 401 `insufficient_user_authentication` with `max_age` (RFC 9470 §3).
   */
  readonly maxAgeSeconds?: number;
}

/** Checks `requirement` against a verified token at `now` (epoch ms); throws the refusal that says what is missing. */
export function checkRequirement(claims: AccessTokenClaims, requirement: ApiRequirement, now: number): void {
  const { scopes, roles, claim, acrValues, maxAgeSeconds } = requirement;
  const weak = acrValues !== undefined && !acrValues.includes(claims.claims.acr as string);
  const authTime = claims.claims.auth_time;
  // An `auth_time` ahead of the clock (by more than a minute's skew) tells nothing of recency.
  const age = typeof authTime === 'number' ? Math.floor(now / 1000) - authTime : Number.NaN;
  const old = maxAgeSeconds !== undefined && !(age <= maxAgeSeconds && age >= -60);
  if (weak || old) {
    // One challenge with all that is missing, so the user signs in once for both.
    const description = weak ? 'a stronger authentication is required' : 'a more recent authentication is required';
    throw ApiRefusal.of('insufficient_user_authentication', description, {
      ...(weak && { acrValues }),
      ...(old && { maxAge: maxAgeSeconds }),
    });
  }
  if (scopes !== undefined && !scopes.some((scope) => claims.scopes.includes(scope))) {
    throw ApiRefusal.of('insufficient_scope', `the token needs one of the scopes: ${scopes.join(' ')}`, {
      scope: scopes,
    });
  }
  if (roles !== undefined && !roles.some((role) => claims.roles.includes(role))) {
    throw ApiRefusal.forbidden(`the token needs one of the roles: ${roles.join(' ')}`);
  }
  if (claim !== undefined && claim(claims.claims) !== true)
    throw ApiRefusal.forbidden("the token's claims are refused");
}
