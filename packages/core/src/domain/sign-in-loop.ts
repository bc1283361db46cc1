// The sign-in loop rule: when a challenge would send the user round the same sign-in again.
import { ErrorCode, IdentityWebError } from './errors.js';
import type { InteractionRequest, InteractionRequiredError } from './interaction-required.js';
import type { StepUp } from './session.js';

/** How long after a sign-in a refusal of the scopes it asked for counts as a loop. */
export const SIGN_IN_LOOP_WINDOW_MS = 2 * 60_000;

/**
 * Interaction reasons that mean the user (or an admin) did not consent to a scope: RFC 6749
 * §5.2 `invalid_scope`, RFC 8707 §2 `invalid_target`, OIDC Core 1.0 §3.1.2.6 `consent_required`
 * and `access_denied`, a web API's RFC 6750 §3.1 `insufficient_scope`, and Entra's AADSTS65001
 * (consent required), AADSTS65004 (consent declined) and AADSTS90094 (admin consent required).
 */
const CONSENT_REASONS: ReadonlySet<string> = new Set([
  'consent_required',
  'invalid_scope',
  'invalid_target',
  'access_denied',
  'insufficient_scope',
  'AADSTS65001',
  'AADSTS65004',
  'AADSTS90094',
]);

/** The account's tokens are gone from this app's cache (removed by a logout): sign in again. */
const ACCOUNT_GONE: ReadonlySet<string> = new Set(['account_removed', 'no_tokens_found']);

/** The part of a session the rule reads: what its sign-in asked for, and when. */
export interface SignInAttempt {
  readonly scopes?: readonly string[];
  readonly createdAt: number;
  readonly stepUp?: StepUp;
}

/**
 * Whether the sign-in already asked for the step-up a challenge asks for (RFC 9470 §4): every
 * `acr_values` value it names, and a `max_age` no longer than the one asked.
 */
function askedAlready(asked: StepUp | undefined, wanted: InteractionRequest): boolean {
  if (asked === undefined) return false;
  const acr = wanted.acrValues ?? [];
  const acrAsked = acr.every((value) => asked.acrValues?.includes(value) === true);
  const age = wanted.maxAge;
  return acrAsked && (age === undefined || (asked.maxAge !== undefined && asked.maxAge <= age));
}

/**
 * A sign-in that just asked for these very scopes is refused again: another challenge would
 * loop for ever, so say what happened instead — `consent_not_granted` only when the IdP's
 * reason is a refused consent, `sign_in_loop` with that reason otherwise. An account removed
 * meanwhile (a logout raced the request, before or during its refresh) is no loop: the
 * challenge stands, and the sign-in it leads to stores new tokens. Returns `error` itself when
 * the challenge stands.
 */
export function signInLoopGuard(
  attempt: SignInAttempt,
  error: InteractionRequiredError,
  now: number,
): IdentityWebError {
  const { reason = 'unknown', claims, acrValues, maxAge } = error.interaction;
  const asked = new Set(attempt.scopes ?? []);
  const fresh = now - attempt.createdAt < SIGN_IN_LOOP_WINDOW_MS;
  if (!fresh || claims !== undefined || ACCOUNT_GONE.has(reason)) return error;
  // A step-up is a loop only when the fresh sign-in already asked the provider for it.
  if ((acrValues !== undefined || maxAge !== undefined) && !askedAlready(attempt.stepUp, error.interaction)) {
    return error;
  }
  if (!error.interaction.scopes.every((s) => asked.has(s))) return error;
  const scopes = error.interaction.scopes.join(' ');
  if (CONSENT_REASONS.has(reason)) {
    const message = `The sign-in did not grant the access this page needs (${scopes}).`;
    return new IdentityWebError(ErrorCode.ConsentNotGranted, message, { cause: error });
  }
  const message = `Signing in again did not help: the identity provider still refuses tokens for ${scopes} (${reason}).`;
  return new IdentityWebError(ErrorCode.SignInLoop, message, { cause: error });
}

/**
 * A sign-in that a logout of the same account overtook is started again for the user, once per
 * {@link SIGN_IN_LOOP_WINDOW_MS}: a restarted sign-in overtaken again within the window gets a
 * page with a link instead, so no logout storm can send a browser round the provider for ever.
 */
export function mayRestartSignIn(attempt: { readonly restartedAt?: number }, now: number): boolean {
  return attempt.restartedAt === undefined || now - attempt.restartedAt >= SIGN_IN_LOOP_WINDOW_MS;
}
