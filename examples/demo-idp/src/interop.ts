// How the demo IdP can behave as providers in the field do, where they differ from oidc-provider's
// defaults: `interop` switches, and `misbehave` middlewares of the conformance tests.

/** The slice of a Koa context a {@link DemoIdpOptions.misbehave} middleware reads and changes. */
export interface MisbehavingContext {
  readonly method: string;
  /** The path, e.g. `/token`, `/jwks`, `/me`, `/.well-known/openid-configuration`. */
  readonly path: string;
  status: number;
  body: unknown;
  readonly request: { get(field: string): string };
  readonly response: { get(field: string): string; set(field: string, value: string): void };
}

/** See {@link DemoIdpOptions.misbehave}. */
export type Misbehaviour = (ctx: MisbehavingContext, next: () => Promise<void>) => Promise<void>;

/** Ways of real providers that identity-web must cope with; each off by default. */
export interface DemoInterop {
  /**
   * Compare `client_secret_basic` credentials as sent, without form-decoding them (RFC 6749
   * §2.3.1 says to decode; several providers do not): an id or secret encoded differently from
   * how it was registered is refused `invalid_client`.
   */
  readonly rawBasicCredentials?: boolean;
  /**
   * Send logout tokens without `exp`, as providers built on the text of OIDC Back-Channel Logout
   * 1.0 before errata set 1 do (re-signed with the provider's own key).
   */
  readonly logoutTokensWithoutExp?: boolean;
  /**
   * Release the claims of the `profile` scope (`name`, `preferred_username`) from the UserInfo
   * endpoint only, as OpenID Connect Core 1.0 §5.4 allows when an access token is issued: the
   * ID token of a sign-in names the user by `sub` alone. The code exchange's access token is
   * then the one for UserInfo (a token bound to the API would not be accepted there); the API's
   * token comes from the first refresh-token grant.
   */
  readonly profileClaimsInUserInfoOnly?: boolean;
}
