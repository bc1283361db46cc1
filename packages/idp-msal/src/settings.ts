// createMsalProvider's options, checked once at creation and resolved into the settings every
// operation of the provider reads.
import {
  type Clock,
  checkOptionsObject,
  httpsUrl,
  invalidOption,
  type Logger,
  type LogoutTokenPolicy,
  oneOf,
  optionalBoolean,
  optionalClock,
  optionalFunction,
  optionalNumber,
  optionalObjectWith,
  optionalStringList,
  requiredString,
  resolveClockSkewSeconds,
  resolveLogoutTokenOptions,
  type ShapeOf,
} from '@identity-web/core/provider';
import { isTenantId, type ResolvedAuthority, resolveAuthority, TENANT_TEMPLATE } from './authority.js';
import { type Credential, credentialOf } from './credential.js';
import type { MsalProviderOptions } from './options.js';

/** Options checked once and resolved, with every default filled in. */
export interface ProviderSettings {
  readonly clientId: string;
  readonly authority: ResolvedAuthority;
  readonly credential: Credential;
  readonly authorityMetadata?: string;
  readonly cloudDiscoveryMetadata?: string;
  readonly responseMode: 'query' | 'form_post';
  readonly timeoutMs: number;
  readonly fetch: typeof globalThis.fetch;
  readonly clientCapabilities: readonly string[];
  readonly idTokenHintOnLogout: boolean;
  readonly clockSkewSeconds: number;
  readonly logoutToken: LogoutTokenPolicy;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly logLevel: 'error' | 'warning' | 'info' | 'verbose';
}

const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const HOST = /^[a-z0-9.-]+(:\d+)?$/i;
const REQUIRED_METADATA = ['authorization_endpoint', 'token_endpoint', 'issuer', 'jwks_uri'];

function authorityUrl(options: MsalProviderOptions): string {
  if (options.tenant === undefined && options.authority === undefined) {
    throw invalidOption('tenant', '(or "authority") is required');
  }
  if (options.tenant !== undefined && options.authority !== undefined) {
    throw invalidOption('authority', 'must not be set together with "tenant"');
  }
  if (options.tenant !== undefined) {
    const tenant = requiredString(options.tenant, 'tenant');
    if (!TENANT.test(tenant)) throw invalidOption('tenant', 'must be a tenant id, a domain or an alias');
    return `https://login.microsoftonline.com/${tenant}`;
  }
  httpsUrl(options.authority, 'authority');
  return options.authority as string;
}

/** Every key of {@link MsalProviderOptions}; the type makes it list each one, no more. */
const OPTION_SHAPE: ShapeOf<MsalProviderOptions> = {
  tenant: true,
  authority: true,
  clientId: true,
  clientSecret: true,
  clientCertificate: { privateKey: true, thumbprintSha256: true, thumbprint: true, x5c: true },
  clientAssertion: true,
  knownAuthorities: true,
  authorityMetadata: true,
  cloudDiscoveryMetadata: true,
  issuer: true,
  tenants: true,
  responseMode: true,
  timeoutMs: true,
  fetch: true,
  clientCapabilities: true,
  idTokenHintOnLogout: true,
  clockSkewSeconds: true,
  logoutToken: { maxAgeSeconds: true, allowMissingExp: true },
  clock: true,
  logger: true,
  logLevel: true,
};

/**
 * `@identity-web/oidc`'s `par`, `dpop`, `profile: 'fapi2'` and `logoutToken.algorithms` have no
 * counterpart here: Entra ID publishes no pushed authorization request endpoint, issues no
 * RFC 9449 DPoP-bound tokens to web apps (its proof-of-possession tokens are another,
 * signed-HTTP-request scheme), has no FAPI 2.0 mode, and signs with RS256 only, which this package
 * pins. Said by name rather than as an unknown option, so a copied configuration learns why.
 */
const OIDC_ONLY: Readonly<Record<string, string>> = {
  par: 'pushed authorization requests (RFC 9126) are not offered by Entra ID',
  dpop: 'Entra ID issues no RFC 9449 DPoP-bound tokens to web apps',
  profile: 'Entra ID has no FAPI 2.0 mode (it needs PAR and DPoP, which Entra ID does not offer)',
  'logoutToken.algorithms': 'Entra ID signs its tokens with RS256 only, the one algorithm accepted here',
};

function refuseOidcOnly(options: object): void {
  for (const [path, why] of Object.entries(OIDC_ONLY)) {
    const names = path.split('.');
    const last = names.pop() as string;
    const parent = names.reduce<unknown>((at, name) => (at as Record<string, unknown> | undefined)?.[name], options);
    if (typeof parent === 'object' && parent !== null && Object.hasOwn(parent, last)) {
      throw invalidOption(
        path,
        `is an option of @identity-web/oidc only: ${why}; leave it out with createMsalProvider`,
      );
    }
  }
}

/** JSON text or a plain object, returned as both (msal wants the text; we read fields). */
function jsonOption(
  value: unknown,
  name: string,
): { readonly text: string; readonly object: Readonly<Record<string, unknown>> } | undefined {
  if (value === undefined) return undefined;
  let object: unknown = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch {
      throw invalidOption(name, 'must be JSON text or an object');
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw invalidOption(name, 'must be a JSON object');
  }
  return {
    text: typeof value === 'string' ? value : JSON.stringify(object),
    object: object as Record<string, unknown>,
  };
}

/**
 * `tenants`: for a multi-tenant issuer (`{tenantid}`) only, the tenant ids taken (lower-case
 * GUIDs, as Entra writes `tid`) or `'any'`.
 */
function resolveTenants(value: unknown, issuer: string): readonly string[] | 'any' | undefined {
  if (value === undefined) return undefined;
  if (!issuer.includes(TENANT_TEMPLATE)) {
    throw invalidOption(
      'tenants',
      `is for multi-tenant authorities (organizations, common, a domain): this one's issuer names one tenant, ${issuer}`,
    );
  }
  if (value === 'any') return 'any';
  const list = optionalStringList(value, 'tenants');
  if (list === undefined || list.length === 0 || list.some((tenant) => !isTenantId(tenant.toLowerCase()))) {
    throw invalidOption('tenants', 'must be "any" or a non-empty list of tenant ids (GUIDs)');
  }
  return list.map((tenant) => tenant.toLowerCase());
}

/** What fits `logger`, for its message. */
const LOGGERS = 'pino, console or the core Logger';

/**
 * Validates every option once, at creation, so a misconfiguration fails at boot rather than at
 * a user's sign-in. Every failure is an `invalid_option` error naming the option in `option`.
 */
export function resolveSettings(options: MsalProviderOptions): ProviderSettings {
  if (typeof options === 'object' && options !== null) refuseOidcOnly(options);
  checkOptionsObject(options, OPTION_SHAPE, 'createMsalProvider');
  const clientId = requiredString(options.clientId, 'clientId');
  const authority = authorityUrl(options);
  const clock = optionalClock(options.clock);
  const credential = credentialOf(options, clock);

  const knownAuthorities = optionalStringList(options.knownAuthorities, 'knownAuthorities');
  if (knownAuthorities?.some((h) => !HOST.test(h))) {
    throw invalidOption('knownAuthorities', 'must hold host names, without scheme or path');
  }
  const authorityMetadata = jsonOption(options.authorityMetadata, 'authorityMetadata');
  for (const field of REQUIRED_METADATA) {
    if (authorityMetadata && typeof authorityMetadata.object[field] !== 'string') {
      throw invalidOption('authorityMetadata', `must contain "${field}"`);
    }
  }
  const cloudDiscoveryMetadata = jsonOption(options.cloudDiscoveryMetadata, 'cloudDiscoveryMetadata');
  if (options.issuer !== undefined) httpsUrl(options.issuer, 'issuer');
  const checked = {
    responseMode: oneOf(options.responseMode ?? 'query', 'responseMode', ['query', 'form_post']),
    timeoutMs: optionalNumber(options.timeoutMs, 'timeoutMs', 10_000, { min: 1, max: 300_000 }),
    // Late-bound so a test's fetch interceptor installed after creation still applies.
    fetch: optionalFunction(options.fetch, 'fetch') ?? ((input, init) => globalThis.fetch(input, init)),
    clientCapabilities: optionalStringList(options.clientCapabilities, 'clientCapabilities') ?? [],
    idTokenHintOnLogout: optionalBoolean(options.idTokenHintOnLogout, 'idTokenHintOnLogout', true),
    clockSkewSeconds: resolveClockSkewSeconds(options.clockSkewSeconds),
    logoutToken: resolveLogoutTokenOptions(options.logoutToken),
  };
  const logger = optionalObjectWith<Logger>(options.logger, 'logger', ['debug', 'info', 'warn', 'error'], LOGGERS);
  const logLevel = oneOf(options.logLevel ?? 'warning', 'logLevel', ['error', 'warning', 'info', 'verbose']);

  const resolved = resolveAuthority(authority, {
    ...(knownAuthorities ? { knownAuthorities: knownAuthorities.map((h) => h.toLowerCase()) } : {}),
    ...(authorityMetadata ? { metadata: authorityMetadata.object } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
  });
  const tenants = resolveTenants(options.tenants, resolved.issuer);
  return {
    clientId,
    authority: tenants === undefined ? resolved : { ...resolved, tenants },
    credential,
    ...(authorityMetadata ? { authorityMetadata: authorityMetadata.text } : {}),
    ...(cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: cloudDiscoveryMetadata.text } : {}),
    ...checked,
    clock,
    ...(logger !== undefined && { logger }),
    logLevel,
  };
}
