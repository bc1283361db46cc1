import type { ClientAuthMethod, FetchLike, LogoutTokenAlgorithm, OidcProviderOptions } from './options.js';
import { isLoopbackHttp } from './secure-url.js';

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly clientAuth: ClientAuthMethod;
  readonly responseMode: 'query' | 'form_post';
  readonly clockSkewSeconds: number;
  readonly discoveryTtlSeconds: number;
  readonly timeoutMs: number;
  readonly allowInsecureRequests: boolean;
  readonly fetch: FetchLike;
  readonly logoutToken: {
    readonly maxAgeSeconds: number;
    readonly allowMissingExp: boolean;
    readonly algorithms: readonly LogoutTokenAlgorithm[] | undefined;
  };
  readonly revokeOnRemove: boolean;
  readonly acceptUnadvertisedIss: boolean;
  readonly frameOrigin: string;
}

/** Asymmetric JWS algorithms only: `none` and HS* would let a public key act as a secret. */
export const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set<LogoutTokenAlgorithm>([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

type Code = 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE';

/** A programmer mistake: a TypeError with a Node-style code, as oauth4webapi does. */
function optionError(message: string, code: Code = 'ERR_INVALID_ARG_VALUE'): TypeError {
  return Object.assign(new TypeError(message), { code });
}

function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw optionError(`"${name}" must be a boolean`, 'ERR_INVALID_ARG_TYPE');
  return value;
}

function optionalNumber(value: unknown, name: string, fallback: number, min: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw optionError(`"${name}" must be a${integer ? 'n integer' : ' finite number'} >= ${min}`);
  }
  return value;
}

function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw optionError(`"${name}" must be a non-empty string`, 'ERR_INVALID_ARG_TYPE');
  }
  return value;
}

function validateIssuer(value: unknown, allowInsecureRequests: boolean): string {
  const issuer = nonEmptyString(value, 'issuer');
  const url = URL.canParse(issuer) ? new URL(issuer) : null;
  if (url === null || (url.protocol !== 'https:' && !isLoopbackHttp(url))) {
    throw optionError('"issuer" must be an https URL (http allowed only for localhost/127.0.0.1)');
  }
  // OIDC Discovery §2: the issuer identifier has no query and no fragment.
  if (url.search !== '' || url.hash !== '') throw optionError('"issuer" must not have a query or a fragment');
  if (url.protocol === 'http:' && !allowInsecureRequests) {
    throw optionError('"allowInsecureRequests" must be true to use an http "issuer"');
  }
  return issuer;
}

function validateAlgorithms(value: unknown): readonly LogoutTokenAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw optionError('"logoutToken.algorithms" must be a non-empty array', 'ERR_INVALID_ARG_TYPE');
  }
  for (const alg of value) {
    if (typeof alg !== 'string' || !ASYMMETRIC_ALGORITHMS.has(alg)) {
      throw optionError(
        `"logoutToken.algorithms" must list asymmetric JWS algorithms only (got ${JSON.stringify(alg)})`,
      );
    }
  }
  return [...value];
}

function validateClientAuth(options: OidcProviderOptions): { clientSecret?: string; clientAuth: ClientAuthMethod } {
  const secret = options.clientSecret === undefined ? undefined : nonEmptyString(options.clientSecret, 'clientSecret');
  const clientAuth = options.clientAuth ?? (secret === undefined ? 'none' : 'client_secret_basic');
  if (!['client_secret_basic', 'client_secret_post', 'none'].includes(clientAuth)) {
    throw optionError('"clientAuth" must be "client_secret_basic", "client_secret_post" or "none"');
  }
  if (clientAuth !== 'none' && secret === undefined) {
    throw optionError(`"clientSecret" is required when "clientAuth" is "${clientAuth}"`);
  }
  return secret === undefined ? { clientAuth } : { clientSecret: secret, clientAuth };
}

/** Validates once, at creation, so a misconfiguration fails at boot rather than at a user's sign-in. */
export function validateOptions(options: OidcProviderOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw optionError('"options" must be an object', 'ERR_INVALID_ARG_TYPE');
  }
  const allowInsecureRequests = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const issuer = validateIssuer(options.issuer, allowInsecureRequests);
  const { clientSecret, clientAuth } = validateClientAuth(options);
  const responseMode = options.responseMode ?? 'query';
  if (responseMode !== 'query' && responseMode !== 'form_post') {
    throw optionError('"responseMode" must be "query" or "form_post"');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw optionError('"fetch" must be a function', 'ERR_INVALID_ARG_TYPE');
  }
  const logoutToken = options.logoutToken ?? {};
  if (typeof logoutToken !== 'object' || logoutToken === null) {
    throw optionError('"logoutToken" must be an object', 'ERR_INVALID_ARG_TYPE');
  }
  const frameOrigin = options.frameOrigin === undefined ? new URL(issuer).origin : options.frameOrigin;
  if (typeof frameOrigin !== 'string' || !URL.canParse(frameOrigin) || new URL(frameOrigin).origin !== frameOrigin) {
    throw optionError('"frameOrigin" must be an origin such as "https://login.example.com"');
  }
  return {
    issuer,
    clientId: nonEmptyString(options.clientId, 'clientId'),
    clientSecret,
    clientAuth,
    responseMode,
    clockSkewSeconds: optionalNumber(options.clockSkewSeconds, 'clockSkewSeconds', 60, 0),
    discoveryTtlSeconds: optionalNumber(options.discoveryTtlSeconds, 'discoveryTtlSeconds', 3600, 1),
    timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, 1, true),
    allowInsecureRequests,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    logoutToken: {
      maxAgeSeconds: optionalNumber(logoutToken.maxAgeSeconds, 'logoutToken.maxAgeSeconds', 300, 1),
      allowMissingExp: optionalBoolean(logoutToken.allowMissingExp, 'logoutToken.allowMissingExp', false),
      algorithms: validateAlgorithms(logoutToken.algorithms),
    },
    revokeOnRemove: optionalBoolean(options.revokeOnRemove, 'revokeOnRemove', false),
    acceptUnadvertisedIss: optionalBoolean(options.acceptUnadvertisedIss, 'acceptUnadvertisedIss', false),
    frameOrigin,
  };
}
