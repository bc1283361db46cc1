import { type Clock, invalidOption } from '@identity-web/core/provider';
import { isLoopbackHttp } from './http/secure-url.js';
import {
  nonEmptyString,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalObject,
} from './option-checks.js';
import type { ClientAuthMethod, FetchLike, LogoutTokenAlgorithm, OidcProviderOptions } from './options.js';

/** Options after validation, with every default applied. */
export interface ProviderSettings {
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
  readonly clock: Clock;
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

function validateAlgorithms(value: unknown): readonly LogoutTokenAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidOption('logoutToken.algorithms', 'must be a non-empty array');
  }
  for (const alg of value) {
    if (typeof alg !== 'string' || !ASYMMETRIC_ALGORITHMS.has(alg)) {
      throw invalidOption(
        'logoutToken.algorithms',
        `must list asymmetric JWS algorithms only (got ${JSON.stringify(alg)})`,
      );
    }
  }
  return [...value];
}

function validateClientAuth(options: OidcProviderOptions): { clientSecret?: string; clientAuth: ClientAuthMethod } {
  const secret = options.clientSecret === undefined ? undefined : nonEmptyString(options.clientSecret, 'clientSecret');
  const clientAuth = options.clientAuth ?? (secret === undefined ? 'none' : 'client_secret_basic');
  if (!['client_secret_basic', 'client_secret_post', 'none'].includes(clientAuth)) {
    throw invalidOption('clientAuth', 'must be "client_secret_basic", "client_secret_post" or "none"');
  }
  if (clientAuth !== 'none' && secret === undefined) {
    throw invalidOption('clientSecret', `is required when "clientAuth" is "${clientAuth}"`);
  }
  return secret === undefined ? { clientAuth } : { clientSecret: secret, clientAuth };
}

function validateFrameOrigin(value: unknown, issuer: string): string {
  const frameOrigin = value === undefined ? new URL(issuer).origin : value;
  if (typeof frameOrigin !== 'string' || !URL.canParse(frameOrigin) || new URL(frameOrigin).origin !== frameOrigin) {
    throw invalidOption('frameOrigin', 'must be an origin such as "https://login.example.com"');
  }
  return frameOrigin;
}

/**
 * Validates every option once, at creation, so a misconfiguration fails at boot rather than at
 * a user's sign-in. Every failure is an `invalid_option` error naming the option in `option`.
 */
export function resolveSettings(options: OidcProviderOptions): ProviderSettings {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'must be an object');
  const allowInsecureRequests = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const issuer = validateIssuer(options.issuer, allowInsecureRequests);
  const clientId = nonEmptyString(options.clientId, 'clientId');
  const { clientSecret, clientAuth } = validateClientAuth(options);
  const responseMode = options.responseMode ?? 'query';
  if (responseMode !== 'query' && responseMode !== 'form_post') {
    throw invalidOption('responseMode', 'must be "query" or "form_post"');
  }
  const fetch = optionalFunction(options.fetch, 'fetch');
  const logoutToken = optionalObject(options.logoutToken, 'logoutToken') ?? {};
  return {
    issuer,
    clientId,
    clientSecret,
    clientAuth,
    responseMode,
    clockSkewSeconds: optionalNumber(options.clockSkewSeconds, 'clockSkewSeconds', 60, 0),
    discoveryTtlSeconds: optionalNumber(options.discoveryTtlSeconds, 'discoveryTtlSeconds', 3600, 1),
    timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, 1, true),
    allowInsecureRequests,
    // Looked up per call, so a fetch interceptor installed after creation still applies.
    fetch: fetch ?? ((url, init) => globalThis.fetch(url, init)),
    clock: optionalClock(options.clock),
    logoutToken: {
      maxAgeSeconds: optionalNumber(logoutToken.maxAgeSeconds, 'logoutToken.maxAgeSeconds', 300, 1),
      allowMissingExp: optionalBoolean(logoutToken.allowMissingExp, 'logoutToken.allowMissingExp', false),
      algorithms: validateAlgorithms(logoutToken.algorithms),
    },
    revokeOnRemove: optionalBoolean(options.revokeOnRemove, 'revokeOnRemove', false),
    acceptUnadvertisedIss: optionalBoolean(options.acceptUnadvertisedIss, 'acceptUnadvertisedIss', false),
    frameOrigin: validateFrameOrigin(options.frameOrigin, issuer),
  };
}
