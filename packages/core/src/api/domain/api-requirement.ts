// What a protected API route asks of its caller's token: scopes, roles, a claim, a recent or strong sign-in.
import { meetsNames, namesOf, namesWanted } from '../../domain/required-names.js';
import type { AccessTokenClaims } from './access-token-claims.js';
import { ApiRefusal } from './api-refusal.js';

/**
 * What a route asks of the token, each rule optional; several rules must all pass. `scopes` and
 * `roles` read as on the web apps' `requireAuth`: a list asks for every one of them,
 * `{ anyOf: [...] }` for one of them (a token with `orders.write` alone passes
 * `scopes: { anyOf: ['orders.read', 'orders.write'] }`). `acrValues` lists the acceptable values
 * of the one `acr` a token has: one of them.
 *
 * @example
 * ```ts
 * const requirement: ApiRequirement = {
 *   scopes: { anyOf: ['orders.read', 'orders.write'] },
 *   roles: ['Orders.Admin'],
 *   claim: (claims) => claims.tid === '72f988bf-86f1-41af-91ab-2d7cd011db47',
 *   acrValues: ['urn:example:mfa'],
 *   maxAgeSeconds: 600,
 * };
 * ```
 *
 * @group Protected API
 */
export interface ApiRequirement {
  /**
   * Scopes the token must have (`scope`, or Entra's `scp`): every one listed, or one of
   * `{ anyOf: [...] }`; else 403 `insufficient_scope` naming them (RFC 6750 §3.1).
   */
  readonly scopes?:
    | readonly string[]
    | {
        /** Names of which one is enough. */
        readonly anyOf: readonly string[];
      };
  /** Roles the token must have (`roles`): every one listed, or one of `{ anyOf: [...] }`; else 403. */
  readonly roles?:
    | readonly string[]
    | {
        /** Names of which one is enough. */
        readonly anyOf: readonly string[];
      };
  /** A rule over the token's claims, maybe async; anything but `true` answers 403. */
  readonly claim?: (claims: Readonly<Record<string, unknown>>) => boolean | Promise<boolean>;
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

/**
 * Checks `requirement` against a verified token at `now` (epoch ms); throws (or, with an async
 * `claim`, rejects with) the refusal that says what is missing.
 */
export function checkRequirement(
  claims: AccessTokenClaims,
  requirement: ApiRequirement,
  now: number,
): void | Promise<void> {
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
  if (scopes !== undefined && !meetsNames(claims.scopes, scopes)) {
    throw ApiRefusal.of('insufficient_scope', `the token needs ${namesWanted(scopes, 'scopes')}`, {
      scope: namesOf(scopes),
    });
  }
  if (roles !== undefined && !meetsNames(claims.roles, roles)) {
    throw ApiRefusal.forbidden(`the token needs ${namesWanted(roles, 'roles')}`);
  }
  if (claim === undefined) return;
  const passed: unknown = claim(claims.claims);
  if (passed === true) return;
  const refused = () => ApiRefusal.forbidden("the token's claims are refused");
  if (typeof (passed as PromiseLike<unknown> | null)?.then !== 'function') throw refused();
  return Promise.resolve(passed).then((p) => {
    if (p !== true) throw refused();
  });
}
