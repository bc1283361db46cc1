// The options of createOidcProvider, as apps write them: every option's type, meaning and default.
import type { Clock, FetchLike } from '@identity-web/core/provider';
import type { PrivateKeyJwt } from './client-auth.js';
import type { IdTokenOptions, LogoutTokenOptions } from './signatures/token-options.js';
import type { DpopBinding } from './tokens/dpop-key.js';

/**
 * How the client authenticates at the token and revocation endpoints, by name: with the secret
 * (RFC 6749 §2.3.1), with a JWT assertion signed with the secret (`client_secret_jwt`, OIDC Core
 * 1.0 §9, RFC 7523), or not at all (`none`, public clients). `private_key_jwt` is no name: it is
 * the value `privateKeyJwt(keys)`, which brings its keys and its code.
 *
 * @group Setup
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'none';

/**
 * Options of {@link createOidcProvider}. The redirect URI is not one: the core passes it per call.
 *
 * @example
 * ```ts
 * import { createOidcProvider, type OidcProviderOptions } from '@identity-web/oidc';
 *
 * const options: OidcProviderOptions = {
 *   issuer: 'https://login.example.com/realms/main',
 *   clientId: 'my-web-app',
 *   clientSecret: process.env.OIDC_CLIENT_SECRET!,
 *   clientAuth: 'client_secret_post',
 *   resource: 'https://orders.example.com',
 * };
 * const identityProvider = createOidcProvider(options);
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1 (Authentication using the Authorization Code Flow)
 * @see RFC 6749 §2.3.1 (Client Password): `client_secret_basic`, `client_secret_post`
 * @see RFC 8707 §2 (Resource Parameter): `resource`
 * @see RFC 9126 §2 (Pushed Authorization Request Endpoint): `par`
 * @see RFC 9449 §4 (DPoP Proof JWTs) and §7 (Protected Resource Access): `dpop`
 * @see RFC 7009 §2 (Token Revocation): `revokeOnRemove`
 * @see FAPI 2.0 Security Profile: `profile: 'fapi2'`
 *
 * @group Setup
 */
export interface OidcProviderOptions {
  /**
   * Issuer identifier, exactly as the provider's discovery document spells it (no trailing-slash
   * normalisation: the same string is compared with `iss` claims and parameters). Must be https;
   * http is allowed only for `localhost` / `127.0.0.1` / `[::1]` together with
   * `allowInsecureRequests`.
   * @example 'https://login.example.com/realms/main'
   */
  issuer: string;
  /** The client id registered at the provider. */
  clientId: string;
  /**
   * The client secret. Required for `client_secret_basic`, `client_secret_post` and
   * `client_secret_jwt`. Never logged nor put in errors.
   */
  clientSecret?: string;
  /**
   * Client authentication at the token, PAR, revocation and introspection endpoints: a method's
   * name, or `privateKeyJwt(keys)` for `private_key_jwt` with the client's private keys (the
   * string `'private_key_jwt'` and the former `clientPrivateKeys` option are refused with the line
   * to write).
   * @defaultValue `'client_secret_basic'` when `clientSecret` is set, else `'none'`
   * @example clientAuth: privateKeyJwt([{ pem: process.env.OIDC_CLIENT_KEY_2026!, kid: '2026-05', alg: 'ES256' }, oldJwk])
   */
  clientAuth?: ClientAuthMethod | PrivateKeyJwt;
  /**
   * Resource indicators (RFC 8707) of the APIs this app calls: sent with every authorization
   * request (so the grant covers them), and the first one with each token request that names no
   * other resource — the code redemption and `acquireToken` without `resource`. The core adds
   * the `resource` of each of its `downstreamApis` to the authorization request by itself.
   * @example resource: 'https://orders.example.com'
   */
  resource?: string | readonly string[];
  /**
   * The parameter that carries `resource`. Auth0 names the API with `audience` (one API per
   * authorization request): set `'audience'` there.
   * @defaultValue 'resource'
   */
  resourceParameter?: 'resource' | 'audience';
  /**
   * How the provider returns the authorization response. `form_post` keeps the code out of
   * browser history and Referer headers; the callback route must then accept POST.
   * @defaultValue 'query'
   */
  responseMode?: 'query' | 'form_post';
  /**
   * Allowed clock difference with the provider, in seconds, for ID token and logout token times;
   * at most 600, so a logout token's acceptance window always ends within the two days its `jti`
   * is remembered.
   * @defaultValue 60
   */
  clockSkewSeconds?: number;
  /**
   * How long the discovery document and the JWKS are cached, in seconds. An unknown `kid` still
   * triggers one (rate-limited) JWKS refetch before this expires, so key rotation works.
   * @defaultValue 3600
   */
  discoveryTtlSeconds?: number;
  /**
   * Time limit of each HTTP call to the provider, in milliseconds, including reading the body.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /**
   * Allow plain http to a loopback provider (`localhost`, `127.0.0.1`, `[::1]`), for local test
   * IdPs only. Any other http endpoint is still refused.
   * @defaultValue false
   */
  allowInsecureRequests?: boolean;
  /**
   * Replaces `globalThis.fetch` for every call to the provider (tests, tracing, proxies).
   * @defaultValue `globalThis.fetch`, looked up at call time
   */
  fetch?: FetchLike;
  /**
   * The time source of every time decision of this package: ID token and logout token `iat` /
   * `exp` checks, the discovery and JWKS cache lifetimes, access-token expiry in the partition.
   * Inject one to drive time in tests. HTTP time limits (`timeoutMs`) use the runtime's timers.
   * @defaultValue `systemClock` (`Date.now()`)
   */
  clock?: Clock;
  /** ID token rules: the signature algorithms accepted. */
  idToken?: IdTokenOptions;
  /** Back-channel logout token rules. */
  logoutToken?: LogoutTokenOptions;
  /**
   * Accept an `iss` authorization-response parameter from a provider that does not advertise
   * `authorization_response_iss_parameter_supported` (RFC 9207 §2.4 says such responses SHOULD
   * be discarded; it must still equal the issuer).
   * @defaultValue false
   */
  acceptUnadvertisedIss?: boolean;
  /**
   * Origin of the provider's pages, allowed to frame the front-channel logout route.
   * @defaultValue the origin of `issuer`
   */
  frameOrigin?: string;
  /**
   * Whether the sign-in reads the provider's UserInfo endpoint (OpenID Connect Core 1.0 §5.3).
   * Some providers release profile claims (`name`, `email`) only there when an access token is
   * issued, as §5.4 allows, so the ID token alone would leave the user nameless.
   * - `'auto'`: once per sign-in, when the discovery document has a `userinfo_endpoint`, the
   *   access token is a Bearer token, and the ID token has none of the claims of a granted
   *   `profile`, `email`, `address` or `phone` scope (decided per sign-in: a user without any
   *   `phone_number` costs a call where the scope is granted). When the call fails (the
   *   provider refuses the sign-in's access token, answers 5xx or something that is not a
   *   UserInfo response, or times out), the user is signed in with the ID token's claims alone,
   *   and the core writes one `warn` line naming the cause and the fix, emits `userInfoFailed`
   *   and counts it in `identity_web_userinfo_failures_total`: a display name is not worth a
   *   refused sign-in;
   * - `'always'`: once per sign-in whenever there is a `userinfo_endpoint`, and a failed call
   *   fails the sign-in (`idp_error`, 502, or `idp_unavailable`, 503): for an app that cannot
   *   work without the claims UserInfo holds;
   * - `false`: never.
   *
   * A UserInfo `sub` other than the ID token's fails the sign-in in every mode (§5.3.2: the
   * answer may have been substituted, and its claims would describe someone else). Its claims go under
   * the ID token's (the ID token wins a name both have); claims about the authentication itself
   * (`sid`, `auth_time`, `acr`, `amr`, `nonce`, ...) come from the ID token only.
   * @defaultValue 'auto'
   */
  userinfo?: 'auto' | 'always' | false;
  /**
   * Pushed authorization requests (RFC 9126): the sign-in's parameters go to the provider's
   * `pushed_authorization_request_endpoint` first, with the client's authentication, and the
   * browser carries only `client_id` and the `request_uri` it answered. Pushed whenever the
   * provider's discovery document says `require_pushed_authorization_requests: true`, whatever
   * this says; `true` pushes for every provider, and a sign-in then fails when the provider has no
   * such endpoint.
   * @defaultValue false (pushed only when the provider requires it), or true with `profile: 'fapi2'`
   */
  par?: boolean;
  /**
   * DPoP (RFC 9449): sender-constrained tokens, with `dpop: dpopBinding()`. Each sign-in makes an
   * ES256 key pair for the account; every token request (the code, each refresh) carries a proof
   * signed with it, and the private key is kept in the account's token-cache partition — encrypted
   * with the rest, readable by every instance, removed with the account. `auth.callApi` sends the
   * access token as `Authorization: DPoP` with a fresh proof per request; `acquireToken` answers
   * `tokenType: 'DPoP'` and a `dpopProof` function for APIs the app calls itself. Server nonces
   * (`use_dpop_nonce`) are answered once per request, at the token endpoint and at APIs. A value,
   * not a flag: the code comes with it, so an app without it bundles none (`true` is refused with
   * the line to write). Without it, a partition that keeps a key (DPoP was on before, or is on at
   * another instance) is not used: its tokens are bound to that key, and the user signs in again;
   * so every instance gives the same `dpop`.
   * @defaultValue no DPoP (`false` says the same); required by `profile: 'fapi2'`
   */
  dpop?: DpopBinding | false;
  /**
   * `'fapi2'`: the FAPI 2.0 Security Profile's client rules, checked at creation: pushed
   * authorization requests and DPoP (`par` not `false`, `dpop: dpopBinding()`), `private_key_jwt` client
   * authentication with keys of the profile's algorithms (PS256, ES256, EdDSA/Ed25519), logout
   * tokens of those algorithms only, and no `acceptUnadvertisedIss`. At sign-in the provider must
   * advertise and send the RFC 9207 `iss` authorization-response parameter. PKCE S256 is always on.
   * Anything else is refused with a message naming the rule.
   */
  profile?: 'fapi2';
}
