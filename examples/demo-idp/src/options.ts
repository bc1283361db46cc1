import { generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * How a client authenticates at the token and revocation endpoints; the values of identity-web's
 * `clientAuth` that need no keys. `none`: a public client, PKCE only, without a secret.
 */
export type DemoClientAuth = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'none';

/**
 * How a registered client authenticates: one of {@link DemoClientAuth}, or `private_key_jwt` with
 * the key pair the IdP makes for each client in FAPI 2.0 mode (`fapi: true`).
 */
export type RegisteredClientAuth = DemoClientAuth | 'private_key_jwt';

/**
 * A client's private key in FAPI 2.0 mode: an EC P-256 private JWK (with `d`), made by the IdP
 * for this run, its public half registered as the client's `jwks`. Hand it to the app
 * (`clientPrivateKeys` of `@identity-web/oidc`) and to no one else. A type, not an interface, so
 * it passes for a `JsonWebKey` (node:crypto) or a `JWK` (jose).
 */
export type DemoClientPrivateJwk = {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
  /** Key id: the `kid` of the client's assertions, and of the public key registered for it. */
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
};

export const CLIENT_AUTH_METHODS: readonly DemoClientAuth[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'none',
];

/** A web app registered at the demo IdP. Its auth routes are identity-web's defaults under `basePath`. */
export interface DemoClient {
  readonly clientId: string;
  /**
   * At least 32 characters. Required, except with `clientAuth: 'none'` and in FAPI 2.0 mode
   * (`fapi: true`), which take none.
   */
  readonly clientSecret?: string;
  /** Default `client_secret_basic`. Left out in FAPI 2.0 mode: every client is `private_key_jwt` there. */
  readonly clientAuth?: DemoClientAuth;
  /** The app's public origin, e.g. `http://localhost:4002`. */
  readonly baseUrl: string;
  /**
   * More origins of the same app: further instances of it on other ports, sharing its sessions
   * (e.g. through Redis). Their callback and signed-out URIs are registered too; logout
   * notifications go to `baseUrl` only, as they would to a load balancer.
   */
  readonly moreBaseUrls?: readonly string[];
  /** Where the app's auth routes live. Default `/auth`. */
  readonly basePath?: string;
  /**
   * The name the app gives this IdP among several (identity-web's `identityProviders`): its
   * callback is then `{basePath}/callback/{providerName}`. Default: none, `{basePath}/callback`.
   */
  readonly providerName?: string;
  /** Shown on the logout page. Default: the client id. */
  readonly name?: string;
}

/** The web API the demo IdP issues JWT access tokens for (RFC 8707 resource, RFC 9068 tokens). */
export interface DemoApi {
  /** Resource indicator and `aud` of its access tokens. Default `api://identity-web-demo`. */
  readonly resource?: string;
  /** Scopes the API defines. Default `['api:read', 'api:write']`. */
  readonly scopes?: readonly string[];
}

export interface DemoIdpOptions {
  /** Apps allowed to sign in here. */
  readonly clients: readonly DemoClient[];
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  readonly api?: DemoApi;
  /** POST logout tokens to every app of the session when it signs out. Default `true`. */
  readonly backChannel?: boolean;
  /** Load every app's front-channel logout URL in an iframe of the logout page. Default `true`. */
  readonly frontChannel?: boolean;
  /** How long the logout page waits for the front-channel iframes, in ms. Default 10000: a loaded machine may take seconds to answer an iframe, and the page only waits this long when one never loads. */
  readonly frontChannelTimeoutMs?: number;
  /** Access-token lifetime in seconds. Default 600: short, so refreshes happen during a demo. */
  readonly accessTokenTtlSeconds?: number;
  /** Receives one line per notable event (back-channel delivery, errors). Default: nothing. */
  readonly log?: (line: string) => void;
  /** Behave as some providers in the field do, where they differ from oidc-provider's defaults. */
  readonly interop?: DemoInterop;
  /**
   * A FAPI 2.0 authorization server (oidc-provider's `features.fapi`, profile `2.0`): pushed
   * authorization requests required (RFC 9126), DPoP-bound access tokens (RFC 9449) with a server
   * nonce required at the token endpoint, every client `private_key_jwt` with an ES256 key pair the
   * IdP makes for this run (`clients[i].privateKey` of the running IdP; no secrets), ID tokens,
   * logout tokens and access tokens signed ES256, PKCE and `redirect_uri` required, client
   * assertions whose `aud` is the issuer. Default `false`.
   */
  readonly fapi?: boolean;
  /**
   * A Koa middleware run in front of every route of oidc-provider: tests make the provider
   * misbehave as a module of the OpenID Foundation's conformance suite does (a tampered ID
   * token, discovery document, JWKS, UserInfo or authorization response), by changing `ctx.body`
   * or the `Location` header after `await next()`. Default: none.
   */
  readonly misbehave?: Misbehaviour;
}

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

/** A client with every URI it registers. */
export interface RegisteredClient {
  readonly clientId: string;
  /** `undefined` for a public client (`clientAuth: 'none'`) and in FAPI 2.0 mode. */
  readonly clientSecret: string | undefined;
  readonly clientAuth: RegisteredClientAuth;
  /** In FAPI 2.0 mode only: the client's private key, made for this run (see {@link DemoClientPrivateJwk}). */
  readonly privateKey?: DemoClientPrivateJwk;
  readonly name: string;
  /** The callback of `baseUrl` first, then those of `moreBaseUrls`. */
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly backChannelLogoutUri: string;
  readonly frontChannelLogoutUri: string;
}

export interface ResolvedOptions {
  readonly clients: readonly RegisteredClient[];
  readonly port: number;
  readonly api: { readonly resource: string; readonly scopes: readonly string[] };
  readonly backChannel: boolean;
  readonly frontChannel: boolean;
  readonly frontChannelTimeoutMs: number;
  readonly accessTokenTtlSeconds: number;
  readonly log: (line: string) => void;
  readonly interop: Required<DemoInterop>;
  readonly fapi: boolean;
  readonly misbehave: Misbehaviour | undefined;
}

function fail(option: string, expected: string): never {
  throw new TypeError(`startDemoIdp: "${option}" ${expected}`);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** An EC P-256 key pair for a FAPI 2.0 client: the private JWK, with a `kid` new on every run. */
function clientKeyPair(clientId: string): DemoClientPrivateJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x = '', y = '', d = '' } = privateKey.export({ format: 'jwk' });
  const kid = `${clientId}-${randomBytes(6).toString('base64url')}`;
  return { kty: 'EC', crv: 'P-256', x, y, d, kid, alg: 'ES256', use: 'sig' };
}

function register(client: DemoClient, index: number, fapi: boolean): RegisteredClient {
  const at = `clients[${index}]`;
  if (typeof client?.clientId !== 'string' || client.clientId === '') fail(`${at}.clientId`, 'must be a string');
  const clientAuth = client.clientAuth ?? 'client_secret_basic';
  if (!CLIENT_AUTH_METHODS.includes(clientAuth))
    fail(`${at}.clientAuth`, `must be one of ${CLIENT_AUTH_METHODS.join(', ')}`);
  if (fapi) {
    // FAPI 2.0 §5.3.2.1: private_key_jwt (or mTLS), never a shared secret.
    if (client.clientAuth !== undefined)
      fail(`${at}.clientAuth`, 'must be left out with "fapi": every client is private_key_jwt');
    if (client.clientSecret !== undefined)
      fail(`${at}.clientSecret`, 'must be left out with "fapi": the IdP makes each client a key pair instead');
  } else if (clientAuth === 'none') {
    if (client.clientSecret !== undefined) fail(`${at}.clientSecret`, 'must be left out with clientAuth "none"');
  } else if (typeof client.clientSecret !== 'string' || client.clientSecret.length < 32) {
    fail(`${at}.clientSecret`, 'must be at least 32 characters');
  }
  if (client.moreBaseUrls !== undefined && !Array.isArray(client.moreBaseUrls)) {
    fail(`${at}.moreBaseUrls`, 'must be a list of origins');
  }
  const origins = [client.baseUrl, ...(client.moreBaseUrls ?? [])].map((url, i) => {
    const base = URL.parse(url);
    if (base === null || base.protocol !== 'http:' || !LOOPBACK.has(base.hostname) || base.pathname !== '/') {
      const option = i === 0 ? `${at}.baseUrl` : `${at}.moreBaseUrls[${i - 1}]`;
      fail(option, 'must be an http origin on localhost or 127.0.0.1, such as "http://localhost:4002"');
    }
    return base.origin;
  });
  const basePath = client.basePath ?? '/auth';
  if (!/^\/[\w\-/]*[^/]$/.test(basePath)) fail(`${at}.basePath`, 'must be a path such as "/auth"');
  const route = (name: string, origin = origins[0]) => `${origin}${basePath}/${name}`;
  const { providerName } = client;
  if (providerName !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(String(providerName))) {
    fail(`${at}.providerName`, 'must be 1 to 32 letters, digits, "-" or "_", as in identityProviders');
  }
  const callback = providerName === undefined ? 'callback' : `callback/${providerName}`;
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...(fapi ? { clientAuth: 'private_key_jwt' as const, privateKey: clientKeyPair(client.clientId) } : { clientAuth }),
    name: client.name ?? client.clientId,
    redirectUris: origins.map((origin) => route(callback, origin)),
    postLogoutRedirectUris: origins.map((origin) => route('signed-out', origin)),
    backChannelLogoutUri: route('back-channel-logout'),
    frontChannelLogoutUri: route('front-channel-logout'),
  };
}

function positiveInteger(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) fail(option, 'must be a positive integer');
  return value;
}

export function resolveOptions(options: DemoIdpOptions): ResolvedOptions {
  if (!Array.isArray(options?.clients)) fail('clients', 'must be a list of clients');
  if (options.fapi !== undefined && typeof options.fapi !== 'boolean') fail('fapi', 'must be true or false');
  const fapi = options.fapi === true;
  const clients = options.clients.map((client, i) => register(client, i, fapi));
  if (new Set(clients.map((c) => c.clientId)).size !== clients.length) fail('clients', 'must have distinct client ids');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('port', 'must be a port number (0 for any)');
  const scopes = options.api?.scopes ?? ['api:read', 'api:write'];
  if (scopes.length === 0 || scopes.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
    fail('api.scopes', 'must be a non-empty list of scope tokens (RFC 6749 §3.3)');
  }
  const resource = options.api?.resource ?? 'api://identity-web-demo';
  if (URL.parse(resource) === null || resource.includes('#')) {
    fail('api.resource', 'must be an absolute URI without a fragment (RFC 8707 §2)');
  }
  return {
    clients,
    port,
    api: { resource, scopes: [...scopes] },
    backChannel: options.backChannel ?? true,
    frontChannel: options.frontChannel ?? true,
    frontChannelTimeoutMs: positiveInteger(options.frontChannelTimeoutMs, 'frontChannelTimeoutMs', 10_000),
    accessTokenTtlSeconds: positiveInteger(options.accessTokenTtlSeconds, 'accessTokenTtlSeconds', 600),
    log: options.log ?? (() => {}),
    interop: {
      rawBasicCredentials: options.interop?.rawBasicCredentials === true,
      logoutTokensWithoutExp: options.interop?.logoutTokensWithoutExp === true,
      profileClaimsInUserInfoOnly: options.interop?.profileClaimsInUserInfoOnly === true,
    },
    fapi,
    misbehave: options.misbehave,
  };
}
