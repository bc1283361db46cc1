// `downstreamApis`: the APIs the app calls with the user's tokens, checked once at creation.
import { invalidOption } from '../domain/errors.js';
import { httpsUrl } from '../domain/option-checks.js';
import { normalizeScopes } from '../domain/scopes.js';
import type { DownstreamApiOptions } from './downstream-api-options.js';
import type { DownstreamApi } from './settings.js';

/**
 * Validates `downstreamApis` once. Access tokens travel to these URLs, so plain http is
 * refused except on loopback, and a URL carrying a query, a fragment or credentials (which
 * `callApi` paths could not sensibly extend) is refused too.
 */
export function resolveDownstreamApis(value: unknown): ReadonlyMap<string, DownstreamApi> {
  const apis = new Map<string, DownstreamApi>();
  if (value === undefined) return apis;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption('downstreamApis', 'must be an object of named APIs, e.g. { orders: { baseUrl, scopes } }');
  }
  for (const [name, raw] of Object.entries(value as Record<string, DownstreamApiOptions>)) {
    const option = `downstreamApis.${name}`;
    if (typeof raw !== 'object' || raw === null) throw invalidOption(option, 'must be an object { baseUrl, scopes }');
    const baseUrl = httpsUrl(raw.baseUrl, `${option}.baseUrl`, { loopbackHttp: true });
    if (!Array.isArray(raw.scopes)) throw invalidOption(`${option}.scopes`, 'must be a non-empty list of scopes');
    const scopes = normalizeScopes(raw.scopes);
    if (scopes.length === 0) throw invalidOption(`${option}.scopes`, 'must be a non-empty list of scopes');
    const resource = raw.resource;
    // RFC 8707 §2: an absolute URI without a fragment.
    if (resource !== undefined && (typeof resource !== 'string' || !URL.canParse(resource) || resource.includes('#'))) {
      throw invalidOption(`${option}.resource`, 'must be an absolute URI without a fragment (RFC 8707 §2)');
    }
    apis.set(name, { name, baseUrl, scopes, ...(resource !== undefined && { resource }) });
  }
  return apis;
}

/** The distinct resource indicators of the downstream APIs, in configuration order. */
export function resourcesOf(apis: ReadonlyMap<string, DownstreamApi>): string[] {
  return [...new Set([...apis.values()].flatMap((api) => (api.resource === undefined ? [] : [api.resource])))];
}
