// What `acquireToken` is asked for: the scopes, and what may force a new token from the IdP.

/**
 * What `acquireToken` is asked for.
 *
 * @group Requests
 */
export interface AcquireTokenRequest {
  /** The scopes the token must carry: one space-separated string or a list. */
  readonly scopes: string | readonly string[];
  /** Skip every cache and refresh at the IdP. */
  readonly forceRefresh?: boolean;
  /** A claims challenge from a web API's `WWW-Authenticate` header (JSON string). */
  readonly claims?: string;
  /** Resource indicator of the API (RFC 8707), for providers that take one (`@identity-web/oidc`). */
  readonly resource?: string;
}
