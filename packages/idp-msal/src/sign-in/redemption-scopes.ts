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
