// `requireAuth`'s rules: its options, checked once, and the allow, sign-in or 403 verdict for each request.
import { ErrorCode, IdentityWebError, invalidArgument } from '../domain/errors.js';
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import { frozenNames, meetsNames, requiredNamesProblem } from '../domain/required-names.js';
import type { AuthContext } from './auth-context.js';

/**
 * What `requireAuth(options)` asks of a signed-in user; every given requirement must hold.
 *
 * @example
 * ```ts
 * import { requireAuth } from '@identity-web/hono';
 *
 * app.get(
 *   '/admin',
 *   requireAuth({
 *     roles: ['admin'],
 *     scopes: ['api://orders/write'], // every one listed; { anyOf: [...] } for one of them
 *     claim: (claims) => claims.email_verified === true,
 *   }),
 *   (c) => c.text(`Hello ${c.var.auth.user.name ?? c.var.auth.user.subject}`),
 * );
 * ```
 *
 * @see RFC 6749 §3.3 (Access Token Scope): `scopes` are those the sign-in's token response granted.
 *
 * @group Route guards
 */
export interface RequireAuthOptions {
  /**
   * Roles the user must have, from the `roles` claim: every one listed, or one of
   * `{ anyOf: [...] }` (as `protectApi` reads its `roles`).
   */
  readonly roles?:
    | readonly string[]
    | {
        /** Names of which one is enough. */
        readonly anyOf: readonly string[];
      };
  /**
   * Scopes the session's sign-in must have been granted: every one listed, or one of
   * `{ anyOf: [...] }` (as `protectApi` reads its `scopes`).
   */
  readonly scopes?:
    | readonly string[]
    | {
        /** Names of which one is enough. */
        readonly anyOf: readonly string[];
      };
  /**
   * A check of the user's claims (the IdP's and those `onSignIn` added).
   * @example claim: (claims) => claims.email_verified === true
   */
  readonly claim?: (claims: Readonly<Record<string, unknown>>) => boolean | Promise<boolean>;
}

function names(value: unknown, option: string): void {
  const problem = requiredNamesProblem(value);
  if (problem !== undefined) throw invalidArgument(option, `requireAuth(): "${option}" ${problem}`);
}

/**
 * `requireAuth()` without options: any signed-in user. Shared, so the check is one comparison.
 * (Options given are kept as they were checked, frozen.)
 */
export const SIGNED_IN: RequireAuthOptions = Object.freeze({});

const OPTION_SHAPE: ShapeOf<RequireAuthOptions> = { roles: true, scopes: true, claim: true };

/** Checks `requireAuth()` options once, when the middleware is made; errors name the option. */
export function checkRequireAuthOptions(options: RequireAuthOptions | undefined): RequireAuthOptions {
  if (options === undefined) return SIGNED_IN;
  if (typeof options !== 'object' || options === null)
    throw invalidArgument('options', 'requireAuth(options): options must be an object');
  refuseUnknownOptions(options, OPTION_SHAPE, 'requireAuth()', (option, message) =>
    invalidArgument(option, `requireAuth(): "${option}" ${message}`),
  );
  names(options.roles, 'roles');
  names(options.scopes, 'scopes');
  if (options.claim !== undefined && typeof options.claim !== 'function') {
    throw invalidArgument('claim', 'requireAuth(): "claim" must be a function (claims) => boolean');
  }
  // Kept as checked: a list the caller changes later changes nothing here.
  return Object.freeze({
    ...(options.roles !== undefined && { roles: frozenNames(options.roles) }),
    ...(options.scopes !== undefined && { scopes: frozenNames(options.scopes) }),
    ...(options.claim !== undefined && { claim: options.claim }),
  });
}

/** What {@link authorize} decides. */
export type AuthorizeVerdict = 'allow' | 'sign-in' | IdentityWebError;

/**
 * The decision of `requireAuth(options)`: `'allow'`, `'sign-in'` (no one is signed in: the
 * usual challenge) or a `forbidden` error (403) for a signed-in user who misses a requirement.
 * Signing in again would not change the answer, so a signed-in user is never challenged. The
 * inputs come from the sealed session: claims of the validated ID token and the app's own.
 * Synchronous unless the `claim` check returns a promise.
 */
export function authorize(
  auth: AuthContext,
  options: RequireAuthOptions,
): AuthorizeVerdict | Promise<AuthorizeVerdict> {
  if (!auth.isAuthenticated || auth.account === null) return 'sign-in';
  const claims = auth.account.claims ?? {};
  if (options.roles !== undefined) {
    // One role as a string, or several in an array, as an API reads a token's `roles`.
    const roles = Array.isArray(claims.roles) ? claims.roles : typeof claims.roles === 'string' ? [claims.roles] : [];
    if (!meetsNames(roles, options.roles)) return forbidden();
  }
  if (options.scopes !== undefined && !meetsNames(auth.grantedScopes, options.scopes)) return forbidden();
  if (options.claim === undefined) return 'allow';
  const passed: unknown = options.claim(claims);
  if (passed === true) return 'allow';
  if (typeof (passed as PromiseLike<unknown> | null)?.then !== 'function') return forbidden();
  return Promise.resolve(passed).then((p) => (p === true ? 'allow' : forbidden()));
}

function forbidden(): IdentityWebError {
  return new IdentityWebError(ErrorCode.Forbidden, 'You are signed in, but not allowed to open this page.');
}
