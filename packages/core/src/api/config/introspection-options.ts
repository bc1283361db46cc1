// The `introspection` option of createIdentityWebApi as an API writes it (RFC 7662).

/**
 * `introspection` as an object: which provider introspects opaque tokens, at which endpoint, how
 * long answers are remembered, and what an answer must show when the provider leaves out `aud`
 * or `sub`.
 *
 * @example
 * ```ts
 * // A provider whose discovery names no introspection endpoint and whose answers carry no `aud`:
 * introspection: {
 *   endpoint: 'https://login.example.com/o/introspect/',
 *   withoutAudience: { clients: ['orders-web'] },
 *   subject: 'username',
 * }
 * ```
 *
 * @group Protected API
 */
export interface ApiIntrospectionOptions {
  /** The provider that introspects, by its issuer, when the API trusts several. Default: the only one. */
  issuer?: string;
  /**
   * How long an answer is remembered, in seconds, and never past the token's `exp`: a token
   * revoked at the provider is still taken until then. 0 asks on every request. Default 60.
   */
  cacheSeconds?: number;
  /**
   * The provider's introspection endpoint, for a provider whose discovery document names
   * none (`introspection_endpoint`), e.g. `https://login.example.com/o/introspect/`: https,
   * or plain http on localhost. Default: the discovery document's.
   */
  endpoint?: string;
  /**
   * Answers without `aud` (RFC 7662 makes it optional) are refused, since another API's token
   * at the same provider is active too. This rule takes them: the answer's `client_id` must
   * be one of `clients`, and its `scope` must name `scope`, whichever are given (at least
   * one). It trusts the provider to issue those clients' tokens, or that scope, for this API
   * alone. An answer with `aud` must still name `audience`. Default: none, refused.
   */
  withoutAudience?: {
    /** The clients whose tokens are meant for this API (their `client_id`). */
    clients?: readonly string[];
    /** One scope that stands for this API: a token granted it is meant for the API. */
    scope?: string;
  };
  /**
   * Who the caller is when the answer has no `sub`: `'username'` takes the answer's `username`
   * (RFC 7662 §2.2), for providers that name users only so. Default `'sub'`: an answer naming its
   * user by `username` alone is refused, and one naming no user is the client's own token (client
   * credentials).
   */
  subject?: 'sub' | 'username';
}
