// Which scopes an Entra code is redeemed with (one resource per token request), and which were granted.
const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);
// Entra reads a scope without a resource prefix (`User.Read`) as a Microsoft Graph scope.
const GRAPH = 'https://graph.microsoft.com';

/** `api://x/read` → `api://x`; `https://graph.microsoft.com/User.Read` and `User.Read` → Graph. */
export function resourceOf(scope: string): string {
  const slash = scope.lastIndexOf('/');
  const scheme = scope.indexOf('://');
  if (slash <= 0 || (scheme >= 0 && slash < scheme + 3)) return GRAPH;
  return scope.slice(0, slash);
}

/**
 * The scopes to redeem a code with. `/authorize` may ask consent for several resources at
 * once, but one token request yields a token for one resource (AADSTS28000 otherwise), so the
 * code is redeemed for the first resource; the others come later from the refresh token.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-access-token-with-a-client_secret
 */
export function redemptionScopes(scopes: readonly string[]): string[] {
  let resource: string | undefined;
  return scopes.filter((scope) => {
    if (OIDC_SCOPES.has(scope)) return true;
    resource ??= resourceOf(scope);
    return resourceOf(scope) === resource;
  });
}

/**
 * What the sign-in was granted. Entra reports the scopes of the one resource the code was
 * redeemed for (`result.scopes`); consent for the other resources of the authorization request
 * was given on the same page, all or nothing, and shows in their tokens later. So: the redeemed
 * resource's scopes as Entra reported them, and the other resources' as asked.
 */
export function grantedScopes(
  asked: readonly string[],
  redeemed: readonly string[],
  reported: readonly string[],
): string[] {
  const redeemedSet = new Set(redeemed);
  return [...new Set([...reported, ...asked.filter((scope) => !redeemedSet.has(scope))])];
}
