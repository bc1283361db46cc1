import * as oauth from 'oauth4webapi';
import { idpError, idpFailure } from '../errors.js';
import type { ProviderSettings } from '../settings.js';
import { endpointUrl } from './secure-url.js';

/** After a failed refresh, a stale document is reused for this long before the next attempt. */
const RETRY_AFTER_FAILURE_MS = 30_000;

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
      throw idpFailure(error, 'discovery');
    }
    // oauth4webapi compares normalised URLs; `iss` claims and parameters are compared as exact
    // strings (OIDC Core 1.0 §3.1.3.7, RFC 9207 §2.4), so the configured string must be the exact one.
    if (as.issuer !== issuer) {
      throw idpError(
        `the discovery document's issuer ${JSON.stringify(as.issuer)} is not exactly the configured "issuer"`,
      );
    }
    endpointUrl(as.authorization_endpoint, 'authorization_endpoint', allowInsecureRequests);
    endpointUrl(as.token_endpoint, 'token_endpoint', allowInsecureRequests);
    this.#cached = { as, expiresAt: this.#settings.clock.now() + discoveryTtlSeconds * 1000 };
    return as;
  }
}
