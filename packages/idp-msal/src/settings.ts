import type { Logger } from '@identity-web/core/provider';
import { type Clock, invalidOption, refuseUnknownOptions, type ShapeOf } from '@identity-web/core/provider';
import { type ResolvedAuthority, resolveAuthority } from './authority.js';
import { certificateAssertion } from './certificate-assertion.js';
import {
  assertHttpsUrl,
  assertNonEmptyString,
  assertOptionalBoolean,
  assertOptionalFunction,
  assertOptionalNumber,
  assertOptionalString,
  assertOptionalStringArray,
  jsonOption,
  optionalClock,
} from './option-checks.js';
import type { ClientAssertionContext, MsalProviderOptions } from './options.js';

/** The one credential msal gets: a secret, or a callback producing an assertion. */
export type Credential =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'assertion'; readonly assertion: (context: ClientAssertionContext) => Promise<string> };

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
    assertNonEmptyString(options.tenant, 'tenant');
    if (!TENANT.test(options.tenant)) throw invalidOption('tenant', 'must be a tenant id, a domain or an alias');
    return `https://login.microsoftonline.com/${options.tenant}`;
  }
  assertHttpsUrl(options.authority, 'authority');
  return options.authority;
}

const CREDENTIALS = ['clientSecret', 'clientCertificate', 'clientAssertion'] as const;

function credentialOf(options: MsalProviderOptions, clock: Clock): Credential {
  const { clientSecret, clientCertificate, clientAssertion } = options;
  const given = CREDENTIALS.filter((name) => options[name] !== undefined);
  if (given.length === 0) {
    const unset = CREDENTIALS.find((name) => Object.hasOwn(options, name));
    throw invalidOption(
      unset ?? 'clientSecret',
      unset === undefined
        ? '(or "clientCertificate" or "clientAssertion") is required'
        : 'is undefined (an unset environment variable?): give the credential the app registration has',
    );
  }
  if (given.length > 1) throw invalidOption(given[1] ?? '', `must not be set together with "${given[0]}"`);
  if (clientSecret !== undefined) {
    assertNonEmptyString(clientSecret, 'clientSecret');
    return { kind: 'secret', secret: clientSecret };
  }
  if (clientAssertion !== undefined) {
    assertOptionalFunction(clientAssertion, 'clientAssertion');
    return { kind: 'assertion', assertion: async (context) => clientAssertion(context) };
  }
  if (typeof clientCertificate !== 'object' || clientCertificate === null) {
    throw invalidOption('clientCertificate', 'must be an object');
  }
  assertNonEmptyString(clientCertificate.privateKey, 'clientCertificate.privateKey');
  const { thumbprint, thumbprintSha256, x5c } = clientCertificate;
  if (thumbprintSha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(thumbprintSha256))) {
    throw invalidOption('clientCertificate.thumbprintSha256', 'must be 64 hex digits');
  }
  if (thumbprint !== undefined && !/^[0-9a-f]{40}$/i.test(String(thumbprint))) {
    throw invalidOption('clientCertificate.thumbprint', 'must be 40 hex digits (SHA-1)');
  }
  if (thumbprint === undefined && thumbprintSha256 === undefined) {
    throw invalidOption('clientCertificate.thumbprintSha256', '(or "clientCertificate.thumbprint") is required');
  }
  assertOptionalString(x5c, 'clientCertificate.x5c');
  return { kind: 'assertion', assertion: certificateAssertion(clientCertificate, clock) };
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
  responseMode: true,
  timeoutMs: true,
  fetch: true,
  clientCapabilities: true,
  idTokenHintOnLogout: true,
  clockSkewSeconds: true,
  clock: true,
  logger: true,
  logLevel: true,
};

/**
 * `@identity-web/oidc`'s `par`, `dpop` and `profile: 'fapi2'` have no counterpart here: Entra ID
 * publishes no pushed authorization request endpoint, issues no RFC 9449 DPoP-bound tokens to web
 * apps (its proof-of-possession tokens are another, signed-HTTP-request scheme), and has no
 * FAPI 2.0 mode. Said by name rather than as an unknown option, so a copied configuration
 * learns why.
 */
const OIDC_ONLY: Readonly<Record<string, string>> = {
  par: 'pushed authorization requests (RFC 9126) are not offered by Entra ID',
  dpop: 'Entra ID issues no RFC 9449 DPoP-bound tokens to web apps',
  profile: 'Entra ID has no FAPI 2.0 mode (it needs PAR and DPoP, which Entra ID does not offer)',
};

function refuseOidcOnly(options: object): void {
  for (const [name, why] of Object.entries(OIDC_ONLY)) {
    if (Object.hasOwn(options, name)) {
      throw invalidOption(
        name,
        `is an option of @identity-web/oidc only: ${why}; leave it out with createMsalProvider`,
      );
    }
  }
}

/**
 * Validates every option once, at creation, so a misconfiguration fails at boot rather than at
 * a user's sign-in. Every failure is an `invalid_option` error naming the option in `option`.
 */
export function resolveSettings(options: MsalProviderOptions): ProviderSettings {
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'must be an object');
  refuseOidcOnly(options);
  refuseUnknownOptions(options, OPTION_SHAPE, 'createMsalProvider');
  assertNonEmptyString(options.clientId, 'clientId');
  const authority = authorityUrl(options);
  const clock = optionalClock(options.clock);
  const credential = credentialOf(options, clock);

  assertOptionalStringArray(options.knownAuthorities, 'knownAuthorities');
  if (options.knownAuthorities?.some((h) => !HOST.test(h))) {
    throw invalidOption('knownAuthorities', 'must hold host names, without scheme or path');
  }
  const authorityMetadata = jsonOption(options.authorityMetadata, 'authorityMetadata');
  for (const field of REQUIRED_METADATA) {
    if (authorityMetadata && typeof authorityMetadata.object[field] !== 'string') {
      throw invalidOption('authorityMetadata', `must contain "${field}"`);
    }
  }
  const cloudDiscoveryMetadata = jsonOption(options.cloudDiscoveryMetadata, 'cloudDiscoveryMetadata');
  if (options.issuer !== undefined) assertHttpsUrl(options.issuer, 'issuer');
  if (options.responseMode !== undefined && options.responseMode !== 'query' && options.responseMode !== 'form_post') {
    throw invalidOption('responseMode', 'must be "query" or "form_post"');
  }
  assertOptionalNumber(options.timeoutMs, 'timeoutMs', { min: 1, max: 300_000 });
  assertOptionalFunction(options.fetch, 'fetch');
  assertOptionalStringArray(options.clientCapabilities, 'clientCapabilities');
  assertOptionalBoolean(options.idTokenHintOnLogout, 'idTokenHintOnLogout');
  assertOptionalNumber(options.clockSkewSeconds, 'clockSkewSeconds', { min: 0, max: 600 });
  if (options.logger !== undefined && typeof (options.logger as { warn?: unknown } | null)?.warn !== 'function') {
    throw invalidOption('logger', 'must be a logger with debug, info, warn and error methods (pino, console)');
  }
  if (options.logLevel !== undefined && !['error', 'warning', 'info', 'verbose'].includes(options.logLevel)) {
    throw invalidOption('logLevel', 'must be "error", "warning", "info" or "verbose"');
  }

  const resolved = resolveAuthority(authority, {
    ...(options.knownAuthorities ? { knownAuthorities: options.knownAuthorities.map((h) => h.toLowerCase()) } : {}),
    ...(authorityMetadata ? { metadata: authorityMetadata.object } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
  });
  return {
    clientId: options.clientId,
    authority: resolved,
    credential,
    ...(authorityMetadata ? { authorityMetadata: authorityMetadata.text } : {}),
    ...(cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: cloudDiscoveryMetadata.text } : {}),
    responseMode: options.responseMode ?? 'query',
    timeoutMs: options.timeoutMs ?? 10_000,
    // Late-bound so a test's fetch interceptor installed after creation still applies.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clientCapabilities: options.clientCapabilities ?? [],
    idTokenHintOnLogout: options.idTokenHintOnLogout ?? true,
    clockSkewSeconds: options.clockSkewSeconds ?? 60,
    clock,
    ...(options.logger !== undefined && { logger: options.logger }),
    logLevel: options.logLevel ?? 'warning',
  };
}
