/** Which family an authority belongs to; it decides discovery, issuer shape and logout hints. */
export type AuthorityKind = 'workforce' | 'b2c' | 'ciam' | 'other';

/** Everything the provider derives from the configured authority, once, at creation. */
export interface ResolvedAuthority {
  /** The authority URL without a trailing slash, as msal gets it. */
  readonly url: string;
  readonly origin: string;
  readonly host: string;
  readonly kind: AuthorityKind;
  /** Hosts msal trusts without instance discovery. */
  readonly knownAuthorities: readonly string[];
  /** Issuer identifier; may hold `{tenantid}` for multi-tenant authorities. */
  readonly issuer: string;
  /**
   * Whether id tokens must carry `issuer`: true when it was configured or discovered, or is the
   * documented workforce shape. A guessed B2C / External ID issuer is not enforced (msal checks
   * no issuer at all), so a wrong guess cannot lock every user out.
   */
  readonly checkIssuer: boolean;
  readonly endSessionEndpoint: string;
  readonly jwksUri: string;
  /**
   * For a `{tenantid}` issuer: the tenants whose tokens are taken (`tenants`), `'any'`, or
   * `undefined` when the app did not say (sign-ins take any; an API refuses to start).
   */
  readonly tenants?: readonly string[] | 'any';
}

/** The personal-accounts tenant: `consumers` tokens carry this `tid`. */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const TENANT_TEMPLATE = '{tenantid}';

// msal has built-in metadata for these hosts and never sends a discovery request for them
// (msal-common `authority/AuthorityMetadata.ts`); any other host needs knownAuthorities or
// instance discovery.
const MICROSOFT_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login-us.microsoftonline.com',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
  'login.microsoftonline.de',
  'login.sovcloud-identity.fr',
  'login.sovcloud-identity.de',
  'login.sovcloud-identity.sg',
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function kindOf(host: string): AuthorityKind {
  if (MICROSOFT_HOSTS.has(host)) return 'workforce';
  if (host.endsWith('.b2clogin.com')) return 'b2c';
  if (host.endsWith('.ciamlogin.com')) return 'ciam';
  return 'other';
}

/** The tenant part of the issuer: a GUID pins it; names and multi-tenant aliases leave it to `tid`. */
function issuerTenant(tenant: string | undefined): string {
  if (tenant === undefined) return TENANT_TEMPLATE;
  if (GUID.test(tenant)) return tenant.toLowerCase();
  if (tenant.toLowerCase() === 'consumers') return CONSUMERS_TENANT_ID;
  return TENANT_TEMPLATE;
}

function stringField(metadata: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const value = metadata?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Derives endpoints and issuer from an authority URL already checked to be https.
 * @see https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority
 */
export function resolveAuthority(
  authority: string,
  settings: {
    readonly knownAuthorities?: readonly string[];
    readonly metadata?: Readonly<Record<string, unknown>>;
    readonly issuer?: string;
  } = {},
): ResolvedAuthority {
  const parsed = new URL(authority);
  const host = parsed.host.toLowerCase();
  const kind = kindOf(host);
  // An issuer-style `/v2.0` suffix is not part of the authority; endpoints hang off the tenant.
  let path = parsed.pathname.replace(/\/+$/, '').replace(/\/v2\.0$/i, '');
  // msal rewrites a bare External ID host to `{sub}.onmicrosoft.com` (Authority.transformCIAMAuthority).
  if (kind === 'ciam' && path === '') path = `/${host.split('.')[0]}.onmicrosoft.com`;
  const url = `${parsed.protocol}//${host}${path}`;
  const tenant = path.split('/').filter(Boolean)[0];
  const b2cSlash = kind === 'b2c' ? '/' : '';
  const { metadata } = settings;
  const configuredIssuer = settings.issuer ?? stringField(metadata, 'issuer');
  return {
    url,
    origin: `${parsed.protocol}//${host}`,
    host,
    kind,
    knownAuthorities: settings.knownAuthorities ?? (kind === 'workforce' || kind === 'ciam' ? [] : [host]),
    issuer: configuredIssuer ?? `${parsed.protocol}//${host}/${issuerTenant(tenant)}/v2.0${b2cSlash}`,
    checkIssuer: configuredIssuer !== undefined || kind === 'workforce',
    endSessionEndpoint: stringField(metadata, 'end_session_endpoint') ?? `${url}/oauth2/v2.0/logout`,
    jwksUri: stringField(metadata, 'jwks_uri') ?? `${url}/discovery/v2.0/keys`,
  };
}

/** A tenant id as Entra writes it in `tid` and in `iss`: a lower-case GUID (docs/entra-id.md). */
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `value` is a tenant id as Entra writes it: a lower-case GUID. */
export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

/**
 * The issuer a token with this `tid` must carry, or `null` when a template has no `tid` to fill
 * (or one `tenants` does not list). Filling `{tenantid}` with the tenant id is the only liberty:
 * the result is compared exactly.
 */
export function expectedIssuer(
  issuer: string,
  tid: unknown,
  tenants: readonly string[] | 'any' | undefined = 'any',
): string | null {
  if (!issuer.includes(TENANT_TEMPLATE)) return issuer;
  if (!isTenantId(tid) || (tenants !== 'any' && !tenants.includes(tid))) return null;
  return issuer.replace(TENANT_TEMPLATE, tid);
}

/**
 * Whether `iss` is the issuer, character for character (RFC 9207 §2.4 and OIDC Core §3.1.3.7
 * step 2 ask for simple string comparison, RFC 3986 §6.2.1: no case folding), a `{tenantid}`
 * template filled with one tenant id.
 */
export function isIssuer(iss: string, issuer: string, tenants?: readonly string[] | 'any'): boolean {
  return expectedIssuer(issuer, tenantIn(iss, issuer), tenants) === iss;
}

/** The text standing where `issuer` has `{tenantid}`, read from `iss` (unchecked), or `undefined`. */
export function tenantIn(iss: string, issuer: string): string | undefined {
  const at = issuer.indexOf(TENANT_TEMPLATE);
  return at === -1 ? undefined : iss.slice(at, iss.length - (issuer.length - at - TENANT_TEMPLATE.length));
}
