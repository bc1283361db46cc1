// The provider's discovery document: fetched once at a time, cached, checked against the configured issuer.
import { ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import { idpError, idpFailure } from '../errors.js';
import type { ProviderSettings } from '../settings.js';
import { endpointUrl } from './secure-url.js';

/** After a failed refresh, a stale document is reused for this long before the next attempt. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/** Where the document is, appended to the issuer (OIDC Discovery 1.0 §4). */
const WELL_KNOWN = '/.well-known/openid-configuration';

export type HttpOptions = oauth.HttpRequestOptions<'GET' | 'POST', URLSearchParams | undefined>;

/**
 * The provider's discovery document (OIDC Discovery 1.0 §4), cached for `discoveryTtlSeconds`
 * and fetched by one request at a time: N concurrent sign-ins on a cold start make one call.
 * When a refresh fails and an older document exists, that one keeps serving (the provider's
 * endpoints rarely move, and an outage of its metadata endpoint should not stop sign-out).
 */
export class Discovery {
  readonly #settings: ProviderSettings;
  readonly #http: HttpOptions;
  #cached: { as: oauth.AuthorizationServer; expiresAt: number } | undefined;
  #pending: Promise<oauth.AuthorizationServer> | undefined;

  constructor(settings: ProviderSettings, http: HttpOptions) {
    this.#settings = settings;
    this.#http = http;
  }

  async get(): Promise<oauth.AuthorizationServer> {
    const cached = this.#cached;
    if (cached && this.#settings.clock.now() < cached.expiresAt) return cached.as;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    try {
      return await this.#pending;
    } catch (error) {
      if (cached === undefined) throw error;
      cached.expiresAt = this.#settings.clock.now() + RETRY_AFTER_FAILURE_MS;
      return cached.as;
    }
  }

  async #fetch(): Promise<oauth.AuthorizationServer> {
    const { issuer, allowInsecureRequests, discoveryTtlSeconds } = this.#settings;
    let as: oauth.AuthorizationServer;
    try {
      const response = await oauth.discoveryRequest(new URL(issuer), { ...this.#http, algorithm: 'oidc' });
      as = await oauth.processDiscoveryResponse(new URL(issuer), response);
    } catch (error) {
      throw discoveryFailure(error, issuer);
    }
    // oauth4webapi compares normalised URLs; `iss` claims and parameters are compared as exact
    // strings (OIDC Core 1.0 §3.1.3.7, RFC 9207 §2.4), so the configured string must be the exact one.
    if (as.issuer !== issuer) throw issuerMismatch(as.issuer, issuer);
    endpointUrl(as.authorization_endpoint, 'authorization_endpoint', allowInsecureRequests);
    endpointUrl(as.token_endpoint, 'token_endpoint', allowInsecureRequests);
    this.#cached = { as, expiresAt: this.#settings.clock.now() + discoveryTtlSeconds * 1000 };
    return as;
  }
}

/**
 * Where discovery looks: the issuer with `/.well-known/openid-configuration` appended (OIDC
 * Discovery 1.0 §4), the first `//` made one as oauth4webapi does, so the message names the URL
 * that was fetched.
 */
export function discoveryUrl(issuer: string): string {
  const url = new URL(issuer);
  url.pathname = `${url.pathname}${WELL_KNOWN}`.replace('//', '/');
  return url.href;
}

/** A string from the network, quoted for a message: JSON escapes, and everything past ASCII as \uXXXX. */
function quote(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A configured issuer and the one the provider names: what to set, and why a slash matters. */
function issuerMismatch(found: unknown, configured: string): IdentityWebError {
  const named = typeof found === 'string' ? found : '';
  if (named.length > 300) {
    return idpError(
      `discovery failed: the provider's discovery document names another issuer than the configured "issuer" ${quote(configured)} (${named.length} characters long): check "issuer"`,
    );
  }
  const slashOnly = named.replace(/\/$/, '') === configured.replace(/\/$/, '');
  const fix = slashOnly
    ? `set "issuer" to ${quote(named)} exactly: the trailing slash counts, since ID tokens' "iss" is compared character by character (OpenID Connect Core 1.0 §3.1.3.7)`
    : `check "issuer": if this is your provider, set it to ${quote(named)}`;
  return idpError(
    `discovery failed: the provider's discovery document names the issuer ${quote(named)}, not the configured "issuer" ${quote(configured)}: ${fix}`,
  );
}

/** A string from the network, quoted for a message; past 300 characters, cut and its length given. */
function quoteCut(value: string): string {
  return value.length > 300 ? `${quote(value.slice(0, 300))}… (${value.length} characters long)` : quote(value);
}

/**
 * A 3xx to discovery: oauth4webapi asks with `redirect: 'manual'` and does not follow it, since
 * the document is served at the issuer + `/.well-known/openid-configuration` itself (OIDC
 * Discovery 1.0 §4). The message names where the provider points, and the fix that place implies.
 */
function redirected(response: Response, url: string): string {
  const location = response.headers.get('location');
  const target = location !== null && URL.canParse(location, url) ? new URL(location, url).href : undefined;
  const head = `discovery failed: the provider answered HTTP ${response.status} (GET ${url})`;
  const rule = `redirects are not followed: the discovery document must be served at the issuer + "${WELL_KNOWN}" exactly (OpenID Connect Discovery 1.0 §4)`;
  if (target === undefined) {
    const named = location === null ? 'no Location' : `the unusable Location ${quoteCut(location)}`;
    return `${head} with ${named}: ${rule}; the provider must serve the document at ${url}`;
  }
  const there = `${head}, redirecting to ${quoteCut(target)}: ${rule}`;
  if (target === `${url}/`) {
    return `${there}; the provider serves it with a trailing slash: configure the provider (or a proxy in front of it) to answer ${url} without the slash`;
  }
  // Another issuer's document (http to https, another host or path): that issuer may be the one.
  const moved = new URL(target);
  if (target !== url && moved.pathname.endsWith(WELL_KNOWN) && moved.search === '') {
    const issuerThere = `${moved.origin}${moved.pathname.slice(0, -WELL_KNOWN.length)}`;
    return `${there}; if the provider's issuer is ${quoteCut(issuerThere)}, set "issuer" to it, else the provider must serve the document at ${url}`;
  }
  return `${there}; the provider must serve the document at ${url}`;
}

/** A failed discovery says which URL was fetched and what to check. */
function discoveryFailure(error: unknown, issuer: string): IdentityWebError {
  if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
    const cause = error.cause as { attribute?: unknown; body?: { issuer?: unknown } } | undefined;
    if (cause?.attribute === 'issuer') return issuerMismatch(cause.body?.issuer, issuer);
  }
  const failure = idpFailure(error, 'discovery');
  const url = discoveryUrl(issuer);
  const response = error instanceof oauth.OperationProcessingError ? error.cause : undefined;
  let message: string;
  if (response instanceof Response && response.status >= 300 && response.status < 400) {
    message = redirected(response, url);
  } else if (response instanceof Response && response.status === 404) {
    message = `discovery failed: nothing is served at ${url} (the provider answered HTTP 404): check "issuer", its path above all (a realm or tenant path, such as Keycloak's /realms/<realm>, belongs in it): the discovery document is looked for at the issuer + "${WELL_KNOWN}"`;
  } else {
    const check =
      failure.code === ErrorCode.IdpUnavailable
        ? 'check that the provider is reachable from this server'
        : 'check "issuer": it must be the provider\'s issuer URL, whose discovery document is served there';
    message = `${failure.message} (GET ${url}): ${check}`;
  }
  return new IdentityWebError(failure.code, message, { cause: failure.cause });
}
