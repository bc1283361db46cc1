// The `onSignIn` step of a sign-in: the app's hook lets the account in, adds claims to it, or refuses it.
import type { Account } from '../domain/account.js';
import { ErrorCode, IdentityWebError, invalidArgument } from '../domain/errors.js';
import type { SignInHook } from '../domain/sign-in-event.js';
import type { SignInResult } from '../ports/identity-provider-requests.js';

/** App claims are stored in the session record, which every uncached request reads and opens. */
const MAX_APP_CLAIMS_BYTES = 8 * 1024;

/**
 * The `onSignIn` step of a sign-in: asks the app's hook and returns the account to sign in,
 * with any app claims merged over the IdP's, or throws `sign_in_refused` (403). Nothing is
 * stored before this step runs, so a refusal leaves nothing behind to clean up.
 */
export async function decideSignIn(
  hook: SignInHook | undefined,
  result: SignInResult,
  grantedScopes: readonly string[],
): Promise<Account> {
  const { account } = result;
  if (hook === undefined) return account;
  const decision = await hook({
    claims: account.claims ?? {},
    account,
    tokens: { ...(result.idToken !== undefined && { idToken: result.idToken }), scopes: grantedScopes },
  });
  if (decision === false) {
    throw new IdentityWebError(ErrorCode.SignInRefused, 'This account may not sign in to this app.');
  }
  if (decision === undefined || decision === null || decision === true) return account;
  if (typeof decision !== 'object' || Array.isArray(decision)) {
    throw invalidArgument('onSignIn', 'onSignIn must return nothing, true, false or { claims }');
  }
  if (decision.claims === undefined) return account;
  return { ...account, claims: { ...account.claims, ...appClaims(decision.claims) } };
}

/** A copy as the session store will give it back (JSON), so `auth.user` is the same before and after a read. */
function appClaims(claims: unknown): Record<string, unknown> {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw invalidArgument('onSignIn', 'the claims onSignIn returns must be an object');
  }
  const json = JSON.stringify(claims);
  if (new TextEncoder().encode(json).byteLength > MAX_APP_CLAIMS_BYTES) {
    throw invalidArgument(
      'onSignIn',
      `the claims onSignIn returns must stay under ${MAX_APP_CLAIMS_BYTES} bytes as JSON`,
    );
  }
  return JSON.parse(json) as Record<string, unknown>;
}
