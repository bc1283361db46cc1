// createOidcProvider's options, checked once at creation and resolved into the settings every
// operation of the provider reads.

import type { FetchLike } from '@identity-web/core/provider';
import {
  type Clock,
  checkOptionsObject,
  httpsUrl,
  invalidOption,
  type LogoutTokenPolicy,
  oneOf,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalObject,
  requiredString,
  resolveClockSkewSeconds,
  resolveLogoutTokenOptions,
  type ShapeOf,
} from '@identity-web/core/provider';
import { type ClientAuthSettings, refuseClientPrivateKeys, validateClientAuth } from './client-auth-options.js';
import { checkFapi2 } from './fapi2.js';
import type { OidcProviderOptions } from './options.js';
import {
  type IdTokenAlgorithm,
  type LogoutTokenAlgorithm,
  validateIdTokenAlgorithms,
  validateLogoutTokenAlgorithms,
} from './signatures/algorithm-options.js';
import type { DpopCode } from './tokens/dpop-key.js';

/** Options after validation, with every default applied. */
export interface ProviderSettings extends ClientAuthSettings {
  readonly issuer: string;
  readonly clientId: string;
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
  readonly logoutToken: LogoutTokenPolicy & { readonly algorithms: readonly LogoutTokenAlgorithm[] | undefined };
  readonly acceptUnadvertisedIss: boolean;
  readonly frameOrigin: string;
  readonly userinfo: 'auto' | 'always' | false;
  /** Push every authorization request (RFC 9126), not only when the provider requires it. */
  readonly par: boolean;
  /** DPoP-bound tokens (RFC 9449): the code `dpopBinding()` brings; `undefined` without. */
  readonly dpop: DpopCode | undefined;
  /** The FAPI 2.0 Security Profile's client rules are on. */
  readonly fapi2: boolean;
}

function validateIssuer(value: unknown, allowInsecureRequests: boolean): string {
  const issuer = requiredString(value, 'issuer');
  // OIDC Discovery 1.0 §2: the issuer identifier is an https URL with no query and no fragment.
  const url = httpsUrl(issuer, 'issuer', { loopbackHttp: true });
  if (url.protocol === 'http:' && !allowInsecureRequests) {
    throw invalidOption('issuer', 'is plain http: set "allowInsecureRequests" to true for a loopback test provider');
  }
  return issuer;
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
  const resourceParameter = oneOf(options.resourceParameter ?? 'resource', 'resourceParameter', [
    'resource',
    'audience',
  ]);
  return { resources: [...new Set(list)], resourceParameter };
}

function validateFrameOrigin(value: unknown, issuer: string): string {
  const frameOrigin = value === undefined ? new URL(issuer).origin : value;
  if (typeof frameOrigin !== 'string' || !URL.canParse(frameOrigin) || new URL(frameOrigin).origin !== frameOrigin) {
    throw invalidOption('frameOrigin', 'must be an origin such as "https://login.example.com"');
  }
  return frameOrigin;
}

/** The `dpop` option: what `dpopBinding()` made, or left out (`false` too). */
function validateDpop(value: unknown): DpopCode | undefined {
  if (value === undefined || value === false) return undefined;
  const code = (value ?? {}) as Partial<DpopCode>;
  const parts = [code.newKey, code.loadKey, code.handle, code.prover];
  if (code.binds === 'dpop' && parts.every((part) => typeof part === 'function')) return value as DpopCode;
  const fix = "write dpop: dpopBinding(), with import { dpopBinding } from '@identity-web/oidc'";
  throw invalidOption(
    'dpop',
    value === true
      ? `takes the value that brings DPoP's code, not true: ${fix} (an app without it bundles none of that code)`
      : `must be what dpopBinding() returns, or left out: ${fix}`,
  );
}

/** Every key of {@link OidcProviderOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<OidcProviderOptions> = {
  issuer: true,
  clientId: true,
  clientSecret: true,
  clientAuth: true,
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
  acceptUnadvertisedIss: true,
  frameOrigin: true,
  userinfo: true,
  par: true,
  dpop: true,
  profile: true,
};

/**
 * Validates every option once, at creation, so a misconfiguration fails at boot rather than at
 * a user's sign-in. Every failure is an `invalid_option` error naming the option in `option`.
 */
export function resolveSettings(options: OidcProviderOptions, factory = 'createOidcProvider'): ProviderSettings {
  refuseClientPrivateKeys(options);
  checkOptionsObject(options, OPTION_SHAPE, factory);
  const allowInsecureRequests = optionalBoolean(options.allowInsecureRequests, 'allowInsecureRequests', false);
  const issuer = validateIssuer(options.issuer, allowInsecureRequests);
  const clientId = requiredString(options.clientId, 'clientId');
  const { clientSecret, clientAuth, clientKeys, privateKeyJwt } = validateClientAuth(options);
  const fetch = optionalFunction(options.fetch, 'fetch');
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
    privateKeyJwt,
    ...validateResources(options),
    responseMode: oneOf(options.responseMode ?? 'query', 'responseMode', ['query', 'form_post']),
    clockSkewSeconds: resolveClockSkewSeconds(options.clockSkewSeconds),
    discoveryTtlSeconds: optionalNumber(options.discoveryTtlSeconds, 'discoveryTtlSeconds', 3600, { min: 1 }),
    timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, { min: 1, integer: true }),
    allowInsecureRequests,
    // Looked up per call, so a fetch interceptor installed after creation still applies.
    fetch: fetch ?? ((url, init) => globalThis.fetch(url, init)),
    clock: optionalClock(options.clock),
    idToken: { algorithms: validateIdTokenAlgorithms(idToken.algorithms, clientSecret, fapi2) },
    logoutToken: {
      ...resolveLogoutTokenOptions(options.logoutToken),
      algorithms: validateLogoutTokenAlgorithms(options.logoutToken?.algorithms),
    },
    acceptUnadvertisedIss: optionalBoolean(options.acceptUnadvertisedIss, 'acceptUnadvertisedIss', false),
    frameOrigin: validateFrameOrigin(options.frameOrigin, issuer),
    userinfo: oneOf(options.userinfo ?? 'auto', 'userinfo', ['auto', 'always', false]),
    par: optionalBoolean(options.par, 'par', fapi2),
    dpop: validateDpop(options.dpop),
    fapi2,
  };
  if (fapi2) checkFapi2(options, settings);
  return settings;
}
