// The options of `startDemoIdp`, their types, and how they are checked and completed.
import { asClientPrivateJwk, clientKeyPair, type DemoClientPrivateJwk, privateJwkProblem } from './client-key.js';

import type { DemoInterop, Misbehaviour } from './interop.js';
import { type DemoMiddleTier, type ResolvedMiddleTier, resolveMiddleTier } from './middle-tier.js';

export type { DemoClientPrivateJwk } from './client-key.js';
export type { DemoInterop, MisbehavingContext, Misbehaviour } from './interop.js';
export type { DemoMiddleTier } from './middle-tier.js';

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
  /**
   * With `fapi` only: the client's key pair, as its private JWK (EC P-256, with a `kid`), such as
   * the `privateKey` of a former run kept by the app, so its settings survive a restart.
   * Default: a key pair made for this run.
   */
  readonly privateKey?: DemoClientPrivateJwk;
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
  /** A middle-tier API that exchanges the apps' tokens for the API's (RFC 8693; middle-tier.ts). Not with `fapi`. Default: none. */
  readonly middleTier?: DemoMiddleTier;
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

/** A client with every URI it registers. */
export interface RegisteredClient {
  readonly clientId: string;
  /** `undefined` for a public client (`clientAuth: 'none'`) and in FAPI 2.0 mode. */
  readonly clientSecret: string | undefined;
  readonly clientAuth: RegisteredClientAuth;
  /** In FAPI 2.0 mode only: the client's private key, given or made for this run (see {@link DemoClientPrivateJwk}). */
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
  readonly middleTier: ResolvedMiddleTier | undefined;
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
  if (client.privateKey !== undefined) {
    if (!fapi) fail(`${at}.privateKey`, 'is for "fapi" only: other clients authenticate with a secret');
    const problem = privateJwkProblem(client.privateKey);
    if (problem !== undefined) fail(`${at}.privateKey`, problem);
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
    ...(fapi ? { clientAuth: 'private_key_jwt' as const, privateKey: keyPairOf(client) } : { clientAuth }),
    name: client.name ?? client.clientId,
    redirectUris: origins.map((origin) => route(callback, origin)),
    postLogoutRedirectUris: origins.map((origin) => route('signed-out', origin)),
    backChannelLogoutUri: route('back-channel-logout'),
    frontChannelLogoutUri: route('front-channel-logout'),
  };
}

/** The key pair given for the client, or one made for this run. */
function keyPairOf(client: DemoClient): DemoClientPrivateJwk {
  return client.privateKey === undefined ? clientKeyPair(client.clientId) : asClientPrivateJwk(client.privateKey);
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
    middleTier: resolveMiddleTier(options.middleTier, {
      clientIds: clients.map((c) => c.clientId),
      apiResource: resource,
      fapi,
    }),
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
