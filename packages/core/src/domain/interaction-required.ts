// A sign-in the user must take part in again: the error that asks for it, and its shape check.
import { ErrorCode } from './error-codes.js';
import { IdentityWebError, type IdentityWebErrorOptions, isIdentityWebError } from './errors.js';

/**
 * What the user must be asked for again: consent to scopes, MFA, a conditional-access claims challenge.
 *
 * @group Errors
 */
export interface InteractionRequest {
  /** The scopes to ask the user for. */
  scopes: readonly string[];
  /** A claims challenge (JSON string) to pass as the `claims` authorization parameter. */
  claims?: string;
  /** Authentication context classes to ask the provider for (`acr_values`, RFC 9470 §4). */
  acrValues?: readonly string[];
  /** How long ago, at most, the user may have authenticated, in seconds (`max_age`, RFC 9470 §4). */
  maxAge?: number;
  /** The IdP's error code (`consent_required`, `AADSTS65001`, `invalid_grant`, ...). */
  reason?: string;
}

/**
 * Silent acquisition cannot succeed without the user: the adapters turn this into a
 * challenge (a redirect to sign-in asking for `scopes` and `claims`).
 *
 * @example
 * ```ts
 * import { InteractionRequiredError } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * // Thrown out of a handler, it becomes a sign-in that asks for the scope (or 401 JSON for a script).
 * app.post('/orders', requireAuth(), () => {
 *   throw new InteractionRequiredError('placing orders needs consent', { scopes: ['api://orders/write'] });
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1.2.6 (Authentication Error Response): `interaction_required`,
 * `login_required`, `consent_required`.
 *
 * @group Errors
 */
export class InteractionRequiredError extends IdentityWebError {
  /** What the sign-in that answers the challenge must ask for. */
  readonly interaction: InteractionRequest;

  constructor(message: string, interaction: InteractionRequest, options: IdentityWebErrorOptions = {}) {
    super(ErrorCode.InteractionRequired, message, options);
    this.name = 'InteractionRequiredError';
    this.interaction = interaction;
  }
}

/** OAuth and OpenID error codes by what the user has to do about them. */
const CONSENT = new Set(['invalid_scope', 'consent_required', 'invalid_target']);
const STEP = new Set(['interaction_required', 'insufficient_user_authentication']);

/**
 * What an interaction-required error asks of the user, in words, by the provider's `reason`
 * (its OAuth error code): more consent (`invalid_scope`, `consent_required`, RFC 8707's
 * `invalid_target`), a step at the provider (`interaction_required`, RFC 9470's
 * `insufficient_user_authentication`, or a claims challenge: MFA, terms of use), else a new
 * sign-in (`invalid_grant`, `login_required`: the session or refresh token is gone).
 *
 * @example new InteractionRequiredError(describeInteraction('invalid_scope'), { scopes, reason: 'invalid_scope' })
 *
 * @group Errors
 */
export function describeInteraction(reason: string, claimsChallenge = false): string {
  const need = CONSENT.has(reason)
    ? 'the user must consent to more access'
    : claimsChallenge || STEP.has(reason)
      ? 'the user must complete a step at the provider (MFA, terms of use, a claims challenge)'
      : 'the user must sign in again';
  return `${need} (${reason}): identity-web answers it with a sign-in that asks for it (on Express: app.use(authErrorHandler()) after the routes)`;
}

/**
 * Recognises an {@link InteractionRequiredError} by its code and shape, never by `instanceof`,
 * for the same reason as {@link isIdentityWebError}.
 *
 * @example
 * ```ts
 * import { isInteractionRequired } from '@identity-web/core';
 * import { requireAuth } from '@identity-web/hono';
 *
 * app.get('/reports', requireAuth(), async (c) => {
 *   try {
 *     return await c.var.auth.callApi('reports', '/latest');
 *   } catch (error) {
 *     // Rethrown, it becomes a sign-in that asks for what is missing.
 *     if (isInteractionRequired(error)) log.info('consent needed', { scopes: error.interaction.scopes });
 *     throw error;
 *   }
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1.2.6 (Authentication Error Response)
 *
 * @group Errors
 */
export function isInteractionRequired(error: unknown): error is InteractionRequiredError {
  const e = error as Partial<InteractionRequiredError> | null;
  return (
    isIdentityWebError(error) &&
    e?.code === ErrorCode.InteractionRequired &&
    typeof e.interaction === 'object' &&
    e.interaction !== null
  );
}
