import { type Clock, invalidOption, refuseUnknownOptions, type ShapeOf } from '@identity-web/core/provider';
import { type ClientKey, checkClientKeys } from './client-keys.js';
import { isLoopbackHttp } from './http/secure-url.js';
import {
  nonEmptyString,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalObject,
} from './option-checks.js';
import type {
  ClientAuthMethod,
  FetchLike,
  IdTokenAlgorithm,
  LogoutTokenAlgorithm,
  OidcProviderOptions,
} from './options.js';
import {
  FAPI2_ALGORITHMS,
  validateIdTokenAlgorithms,
  validateLogoutTokenAlgorithms,
} from './signatures/algorithm-options.js';

/** Options after validation, with every default applied. */
export interface ProviderSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly clientAuth: ClientAuthMethod;
  /** `private_key_jwt` keys, the signing one first; empty for the other methods. */
  readonly clientKeys: readonly ClientKey[];
  /** RFC 8707 resource indicators of every sign-in; the first is the default of token requests. */
  readonly resources: readonly string[];
  readonly resourceParameter: 'resource' | 'audience';
  readonly responseMode: 'query' | 'form_post';
  readonly clockSkewSeconds: number;
  readonly discoveryTtlSeconds: number;
  readonly timeoutMs: number;
  readonly allowInsecureRequests: boolean;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** The ID-token algorithms the client registered; `undefined`: the provider's asymmetric ones. */
  readonly idToken: { readonly algorithms: readonly IdTokenAlgorithm[] | undefined };
  readonly logoutToken: {
    readonly maxAgeSeconds: number;
    readonly allowMissingExp: boolean;
    readonly algorithms: readonly LogoutTokenAlgorithm[] | undefined;
  };
  readonly revokeOnRemove: boolean;
  readonly acceptUnadvertisedIss: boolean;
  readonly frameOrigin: string;
  readonly userinfo: 'auto' | 'always' | false;
  /** Push every authorization request (RFC 9126), not only when the provider requires it. */
  readonly par: boolean;
  /** DPoP-bound tokens (RFC 9449). */
  readonly dpop: boolean;
  /** The FAPI 2.0 Security Profile's client rules are on. */
  readonly fapi2: boolean;
}

function validateIssuer(value: unknown, allowInsecureRequests: boolean): string {
  const issuer = nonEmptyString(value, 'issuer');
  const url = URL.canParse(issuer) ? new URL(issuer) : null;
  if (url === null || (url.protocol !== 'https:' && !isLoopbackHttp(url))) {
    throw invalidOption('issuer', 'must be an https URL (http allowed only for localhost/127.0.0.1/[::1])');
  }
  // OIDC Discovery 1.0 §2: the issuer identifier has no query and no fragment.
  if (url.search !== '' || url.hash !== '') throw invalidOption('issuer', 'must not have a query or a fragment');
  if (url.protocol === 'http:' && !allowInsecureRequests) {
    throw invalidOption('issuer', 'is plain http: set "allowInsecureRequests" to true for a loopback test provider');
  }
  return issuer;
}

const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];

function validateClientAuth(
  options: OidcProviderOptions,
): Pick<ProviderSettings, 'clientSecret' | 'clientAuth' | 'clientKeys'> {
  if (
    options.clientAuth === undefined &&
    Object.hasOwn(options, 'clientSecret') &&
    options.clientSecret === undefined
  ) {
    // Most often an unset environment variable: quietly becoming a public client would fail
    // later, at the first code redemption, as "the provider refused the client".
    throw invalidOption(
      'clientSecret',
      'is undefined (an unset environment variable?): give the secret, or leave "clientSecret" out for a public client (clientAuth "none")',
    );
  }
  const secret = options.clientSecret === undefined ? undefined : nonEmptyString(options.clientSecret, 'clientSecret');
  const keys = options.clientPrivateKeys;
  const clientAuth =
    options.clientAuth ??
    (keys !== undefined ? 'private_key_jwt' : secret === undefined ? 'none' : 'client_secret_basic');
  if (!CLIENT_AUTH_METHODS.includes(clientAuth)) {
    throw invalidOption('clientAuth', `must be one of ${CLIENT_AUTH_METHODS.map((m) => `"${m}"`).join(', ')}`);
  }
  if (clientAuth === 'private_key_jwt') {
    return { clientSecret: secret, clientAuth, clientKeys: checkClientKeys(keys) };
  }
  if (keys !== undefined)
    throw invalidOption('clientPrivateKeys', 'is used only when "clientAuth" is "private_key_jwt"');
  if (clientAuth !== 'none' && secret === undefined) {
    const unset = Object.hasOwn(options, 'clientSecret') ? ' (it is undefined: an unset environment variable?)' : '';
    throw invalidOption('clientSecret', `is required when "clientAuth" is "${clientAuth}"${unset}`);
  }
  return { clientSecret: secret, clientAuth, clientKeys: [] };
}

function validateResources(options: OidcProviderOptions): Pick<ProviderSettings, 'resources' | 'resourceParameter'> {
  const value = options.resource;
  const list = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw invalidOption('resource', 'must be a URI or a list of URIs');
  for (const resource of list) {
    // RFC 8707 §2: an absolute URI without a fragment.
    if (typeof resource !== 'string' || !URL.canParse(resource) || resource.includes('#')) {
      throw invalidOption('resource', 'must be absolute URIs without a fragment (RFC 8707 §2)');
    }
  }
  const resourceParameter = options.resourceParameter ?? 'resource';
  if (resourceParameter !== 'resource' && resourceParameter !== 'audience') {
    throw invalidOption('resourceParameter', 'must be "resource" or "audience"');
  }
  return { resources: [...new Set(list)], resourceParameter };
}

function validateUserinfo(value: unknown): ProviderSettings['userinfo'] {
  if (value === undefined) return 'auto';
  if (value !== 'auto' && value !== 'always' && value !== false) {
    throw invalidOption('userinfo', 'must be "auto", "always" or false');
  }
  return value;
}

function validateFrameOrigin(value: unknown, issuer: string): string {
  const frameOrigin = value === undefined ? new URL(issuer).origin : value;
  if (typeof frameOrigin !== 'string' || !URL.canParse(frameOrigin) || new URL(frameOrigin).origin !== frameOrigin) {
    throw invalidOption('frameOrigin', 'must be an origin such as "https://login.example.com"');
  }
  return frameOrigin;
}

/** Every key of {@link OidcProviderOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<OidcProviderOptions> = {
  issuer: true,
  clientId: true,
  clientSecret: true,
  clientAuth: true,
  clientPrivateKeys: true,
  resource: true,
  resourceParameter: true,
  responseMode: true,
  clockSkewSeconds: true,
  discoveryTtlSeconds: true,
  timeoutMs: true,
  allowInsecureRequests: true,
  fetch: true,
  clock: true,
  idToken: { algorithms: true },
  logoutToken: { maxAgeSeconds: true, allowMissingExp: true, algorithms: true },
  revokeOnRemove: true,
  acceptUnadvertisedIss: true,
  frameOrigin: true,
  userinfo: true,
  par: true,
  dpop: true,
  profile: true,
};

/** `invalid_option` for a FAPI 2.0 rule, the rule named. */
function fapiRule(option: string, rule: string) {
  return invalidOption(option, `is refused by profile "fapi2": ${rule}`);
}

/**
 * The FAPI 2.0 Security Profile's rules for clients, as far as options decide them: each broken
 * one refused with the rule. The rest is checked at sign-in (the `iss` response parameter) or
 * always holds (PKCE S256, the code flow).
 */
function checkFapi2(options: OidcProviderOptions, settings: ProviderSettings): void {
  if (options.par === false) throw fapiRule('par', 'authorization requests must be pushed (RFC 9126)');
  if (options.dpop === false) {
    throw fapiRule('dpop', 'access tokens must be sender-constrained, here with DPoP (RFC 9449)');
  }
  if (settings.clientAuth !== 'private_key_jwt') {
    throw fapiRule(
      'clientAuth',
      `clients authenticate with private_key_jwt (or mTLS), not "${settings.clientAuth}": give "clientPrivateKeys"`,
    );
  }
  settings.clientKeys.forEach((key, i) => {
    if (!FAPI2_ALGORITHMS.has(key.alg)) {
      throw fapiRule(`clientPrivateKeys[${i}].alg`, `only PS256, ES256 and EdDSA may sign (got ${key.alg})`);
    }
  });
  const refused = settings.logoutToken.algorithms?.find((alg) => !FAPI2_ALGORITHMS.has(alg));
  if (refused !== undefined) {
    throw fapiRule('logoutToken.algorithms', `only PS256, ES256 and EdDSA may sign (got ${refused})`);
  }
  if (settings.acceptUnadvertisedIss) {
    throw fapiRule(
      'acceptUnadvertisedIss',
      'the provider must advertise and send the "iss" authorization-response parameter (RFC 9207)',
    );
  }
}

/**
 * Validates every option once, at creation, so a misconfiguration fails at boot rather than at
 * a user's sign-in. Every failure is an `invalid_option` error naming the option in `option`.
 */
export function resolveSettings(options: OidcProviderOptions): ProviderSettings {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'must be an object');
  refuseUnknownOptions(options, OPTION_SHAPE, 'createOidcProvider');
  const allowInsecureRequests = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const issuer = validateIssuer(options.issuer, allowInsecureRequests);
  const clientId = nonEmptyString(options.clientId, 'clientId');
  const { clientSecret, clientAuth, clientKeys } = validateClientAuth(options);
  const responseMode = options.responseMode ?? 'query';
  if (responseMode !== 'query' && responseMode !== 'form_post') {
    throw invalidOption('responseMode', 'must be "query" or "form_post"');
  }
  const fetch = optionalFunction(options.fetch, 'fetch');
  const logoutToken = optionalObject(options.logoutToken, 'logoutToken') ?? {};
  const idToken = optionalObject(options.idToken, 'idToken') ?? {};
  if (options.profile !== undefined && options.profile !== 'fapi2') {
    throw invalidOption('profile', 'must be "fapi2" (the FAPI 2.0 Security Profile), or left out');
  }
  const fapi2 = options.profile === 'fapi2';
  const settings: ProviderSettings = {
    issuer,
    clientId,
    clientSecret,
    clientAuth,
    clientKeys,
    ...validateResources(options),
    responseMode,
    clockSkewSeconds: clockSkew(options.clockSkewSeconds),
    discoveryTtlSeconds: optionalNumber(options.discoveryTtlSeconds, 'discoveryTtlSeconds', 3600, 1),
    timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, 1, true),
    allowInsecureRequests,
    // Looked up per call, so a fetch interceptor installed after creation still applies.
    fetch: fetch ?? ((url, init) => globalThis.fetch(url, init)),
    clock: optionalClock(options.clock),
    idToken: { algorithms: validateIdTokenAlgorithms(idToken.algorithms, clientSecret, fapi2) },
    logoutToken: {
      maxAgeSeconds: logoutTokenMaxAge(logoutToken.maxAgeSeconds),
      allowMissingExp: optionalBoolean(logoutToken.allowMissingExp, 'logoutToken.allowMissingExp', true),
      algorithms: validateLogoutTokenAlgorithms(logoutToken.algorithms),
    },
    revokeOnRemove: optionalBoolean(options.revokeOnRemove, 'revokeOnRemove', false),
    acceptUnadvertisedIss: optionalBoolean(options.acceptUnadvertisedIss, 'acceptUnadvertisedIss', false),
    frameOrigin: validateFrameOrigin(options.frameOrigin, issuer),
    userinfo: validateUserinfo(options.userinfo),
    par: optionalBoolean(options.par, 'par', fapi2),
    dpop: optionalBoolean(options.dpop, 'dpop', fapi2),
    fapi2,
  };
  if (fapi2) checkFapi2(options, settings);
  return settings;
}

/** Longest accepted `clockSkewSeconds`: with the longest logout-token age, the window stays within the `jti` memory. */
const MAX_CLOCK_SKEW_SECONDS = 600;

/**
 * Ten minutes at most. A logout token is accepted until `iat` + `logoutToken.maxAgeSeconds` +
 * skew, and its `jti` is remembered for two days: with a day of maximum age, a skew above about
 * twelve hours would let a captured token outlive that memory and be replayed.
 */
function clockSkew(value: unknown): number {
  const seconds = optionalNumber(value, 'clockSkewSeconds', 60, 0);
  if (seconds > MAX_CLOCK_SKEW_SECONDS) {
    throw invalidOption('clockSkewSeconds', `must be at most ${MAX_CLOCK_SKEW_SECONDS} (ten minutes)`);
  }
  return seconds;
}

/** A day at most: the `jti` of every accepted token is remembered for its whole window. */
function logoutTokenMaxAge(value: unknown): number {
  const seconds = optionalNumber(value, 'logoutToken.maxAgeSeconds', 300, 1);
  if (seconds > 86_400) throw invalidOption('logoutToken.maxAgeSeconds', 'must be at most 86400 (one day)');
  return seconds;
}
