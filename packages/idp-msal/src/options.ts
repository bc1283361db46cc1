// The options of createMsalProvider, as apps write them: every option's type, meaning and default.
import type { Clock, Logger } from '@identity-web/core/provider';

/**
 * A certificate credential: the private key signs a client assertion (RFC 7523) per token request.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { createMsalProvider } from '@identity-web/msal';
 *
 * const identityProvider = createMsalProvider({
 *   tenant: process.env.ENTRA_TENANT_ID!,
 *   clientId: process.env.ENTRA_CLIENT_ID!,
 *   clientCertificate: {
 *     privateKey: readFileSync('/run/secrets/app-key.pem', 'utf8'),
 *     thumbprintSha256: process.env.ENTRA_CERT_THUMBPRINT_SHA256!,
 *   },
 * });
 * ```
 *
 * @group Setup
 */
export interface MsalClientCertificate {
  /** PEM private key of the certificate (`-----BEGIN PRIVATE KEY-----` PKCS#8 or `BEGIN RSA PRIVATE KEY`). */
  readonly privateKey: string;
  /**
   * Hex SHA-256 thumbprint of the certificate (64 hex digits). Preferred: the assertion is signed
   * PS256 with an `x5t#S256` header, the form Entra documents today.
   */
  readonly thumbprintSha256?: string;
  /**
   * Hex SHA-1 thumbprint (40 hex digits), for registrations made before SHA-256 thumbprints
   * existed. The assertion is then signed RS256 with an `x5t` header. Ignored when
   * `thumbprintSha256` is set.
   */
  readonly thumbprint?: string;
  /**
   * PEM certificate chain (leaf first). Sent as `x5c` so subject-name/issuer (SNI) registrations
   * keep working across certificate renewals.
   */
  readonly x5c?: string;
}

/**
 * What a {@link MsalProviderOptions.clientAssertion} callback receives.
 *
 * @group Setup
 */
export interface ClientAssertionContext {
  /** The application (client) id: the `iss` and `sub` of the assertion. */
  readonly clientId: string;
  /** The token endpoint: the `aud` of the assertion. */
  readonly tokenEndpoint: string;
}

/**
 * Back-channel logout token rules (OIDC Back-Channel Logout 1.0 §2.6), the same as
 * `@identity-web/oidc`'s. The signature algorithm is not one: Entra signs with RS256 only, and
 * only RS256 is accepted.
 *
 * @example
 * ```ts
 * import { createMsalProvider } from '@identity-web/msal';
 *
 * createMsalProvider({
 *   tenant: process.env.ENTRA_TENANT_ID!,
 *   clientId: process.env.ENTRA_CLIENT_ID!,
 *   clientSecret: process.env.ENTRA_CLIENT_SECRET!,
 *   logoutToken: { maxAgeSeconds: 120 },
 * });
 * ```
 *
 * @see OpenID Connect Back-Channel Logout 1.0 §2.6 (Logout Token Validation)
 *
 * @group Setup
 */
export interface LogoutTokenOptions {
  /**
   * Oldest acceptable `iat`, in seconds (at most 86400), plus `clockSkewSeconds`. Logout tokens
   * are meant to be short-lived (the spec suggests about two minutes), so an old one is most
   * likely a replay. Each accepted token's `jti` is remembered for this whole window.
   * @defaultValue 300
   */
  readonly maxAgeSeconds?: number;
  /**
   * Accept a logout token without `exp`. Providers built on the 2022 final text of OIDC
   * Back-Channel Logout 1.0 send none (errata set 1 made it required); such a token is accepted
   * for the same window as any other, `maxAgeSeconds` after its `iat`. `false` refuses it:
   * a strict switch for providers known to send `exp`.
   * @defaultValue true
   */
  readonly allowMissingExp?: boolean;
}

/**
 * Options of {@link createMsalProvider}. Exactly one of `tenant` / `authority`, and exactly one
 * credential (`clientSecret`, `clientCertificate` or `clientAssertion`).
 *
 * @example
 * ```ts
 * import { createMsalProvider, type MsalProviderOptions } from '@identity-web/msal';
 *
 * // Azure AD B2C: an authority `tenant` cannot express, its issuer, and a federated credential.
 * const options: MsalProviderOptions = {
 *   authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin',
 *   issuer: 'https://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/',
 *   clientId: process.env.ENTRA_CLIENT_ID!,
 *   clientAssertion: async () => readWorkloadToken(),
 *   responseMode: 'form_post',
 * };
 * const identityProvider = createMsalProvider(options);
 *
 * declare function readWorkloadToken(): Promise<string>;
 * ```
 *
 * @see OpenID Connect Core 1.0 §3.1 (Authentication using the Authorization Code Flow)
 * @see OpenID Connect RP-Initiated Logout 1.0 §2: `idTokenHintOnLogout`
 *
 * @group Setup
 */
export interface MsalProviderOptions {
  /**
   * The Entra tenant: a tenant GUID, a verified domain (`contoso.onmicrosoft.com`), or
   * `organizations`, `common`, `consumers`. Builds the workforce authority
   * `https://login.microsoftonline.com/{tenant}`. Use `authority` for any other cloud.
   */
  readonly tenant?: string;
  /**
   * The full authority URL, for anything `tenant` cannot express:
   * sovereign clouds (`https://login.microsoftonline.us/{tenant}`), Azure AD B2C
   * (`https://{t}.b2clogin.com/{t}.onmicrosoft.com/{policy}`), External ID
   * (`https://{sub}.ciamlogin.com/` or `https://{sub}.ciamlogin.com/{tenant}`). https only.
   */
  readonly authority?: string;
  /** The application (client) id of the app registration. */
  readonly clientId: string;
  /** A client secret of the app registration. Prefer a certificate or `clientAssertion` in production. */
  readonly clientSecret?: string;
  /** A certificate credential. The signed assertion is cached and reused until shortly before it expires. */
  readonly clientCertificate?: MsalClientCertificate;
  /**
   * Returns a signed client assertion (JWT), e.g. a federated workload-identity token. msal asks
   * for it on every provider call, cache hits included, so cache inside when producing one is
   * expensive. Bounded by `timeoutMs`.
   */
  readonly clientAssertion?: (context: ClientAssertionContext) => string | Promise<string>;
  /**
   * Hosts msal may trust without asking Entra's instance discovery. Default: the authority's
   * own host when it is not a Microsoft login host (B2C, custom domains). Hosts only, no scheme.
   */
  readonly knownAuthorities?: readonly string[];
  /**
   * The authority's OpenID configuration (a JSON string or object), passed to msal so no
   * discovery request is ever made. Its `issuer`, `end_session_endpoint` and `jwks_uri` are used too.
   */
  readonly authorityMetadata?: string | Readonly<Record<string, unknown>>;
  /** Entra's instance-discovery response (JSON string or object), passed to msal verbatim. */
  readonly cloudDiscoveryMetadata?: string | Readonly<Record<string, unknown>>;
  /**
   * The issuer identifier of this provider, used for `iss` checks and as `Account.issuer`.
   * Default: from `authorityMetadata`, else `https://{host}/{tenant}/v2.0` (with `{tenantid}`
   * for `common` / `organizations`, so each token's `tid` fills it in). Set it for B2C.
   */
  readonly issuer?: string;
  /**
   * With a multi-tenant authority (`organizations`, `common`, a domain: the issuer holds
   * `{tenantid}`), the tenants whose users and tokens are taken: a list of tenant ids, or `'any'`.
   * Required for an API (`createIdentityWebApi`), which would otherwise take the tokens every
   * tenant's users obtain for it; sign-ins take any tenant when it is not set.
   */
  readonly tenants?: readonly string[] | 'any';
  /**
   * How the authorization response comes back. Default `'query'`. `'form_post'` (Entra's advice
   * for web apps) arrives as a cross-site POST: the app's sign-in cookies must then be
   * `SameSite=None; Secure` or the browser will not send them.
   */
  readonly responseMode?: 'query' | 'form_post';
  /**
   * Bound, in milliseconds, of every request to Entra (and of a `clientAssertion` callback).
   * Default 10,000. A timeout becomes an `idp_unavailable` error.
   */
  readonly timeoutMs?: number;
  /** The fetch used for every request to Entra (msal's `system.networkClient` is built on it). Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Client capabilities announced to Entra, e.g. `['cp1']` for Continuous Access Evaluation:
   * resource APIs may then answer with a claims challenge instead of a hard failure.
   */
  readonly clientCapabilities?: readonly string[];
  /**
   * Send `id_token_hint` on RP-initiated logout. Default `true`: OpenID RP-Initiated Logout
   * recommends it, B2C documents (and may require) it, and msal-browser sends it to workforce
   * tenants too, where it has no adverse effect. Set `false` to keep the id token, with its
   * personal claims, out of the logout URL (browser history); `logout_hint` still works then.
   */
  readonly idTokenHintOnLogout?: boolean;
  /**
   * Allowed clock skew in seconds for id-token and logout-token time checks; at most 600, so a
   * logout token's acceptance window always ends within the two days its `jti` is remembered.
   * Default 60.
   */
  readonly clockSkewSeconds?: number;
  /** Back-channel logout token rules. */
  readonly logoutToken?: LogoutTokenOptions;
  /**
   * The time source of this package's time decisions: id-token `exp` and logout-token `iat` /
   * `exp` checks, the discovery and JWKS cache lifetimes, the refresh-skew check of cached
   * tokens, the certificate assertion's lifetime. msal-node's own cache expiry reads the system
   * clock and cannot be given another. Default `systemClock` (`Date.now()`).
   */
  readonly clock?: Clock;
  /**
   * Where msal-node's own log lines go (fields first, as pino takes them: `{ source: 'msal',
   * level }` and msal's message). Personal data logging stays off whatever is set. Default: none.
   */
  readonly logger?: Logger;
  /** The least severe msal-node line passed to `logger`. Default `'warning'`. */
  readonly logLevel?: 'error' | 'warning' | 'info' | 'verbose';
}
