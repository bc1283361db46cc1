// msal's network client for one call, which keeps the first typed failure that msal would otherwise swallow.
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { isIdentityWebError } from '@identity-web/core';
import { type IdentityWebError, providerFailure } from '@identity-web/core/provider';
import type { DiscoveryCache } from './discovery.js';
import { exchange, type Transport } from './transport.js';

/**
 * msal's `system.networkClient` for one call. msal swallows errors it does not know (discovery
 * failures become `endpoints_resolution_error`, any non-AuthError becomes `network_error`), so
 * this records the first typed failure; the error mapper prefers it to whatever msal throws.
 */
export class CallNetwork implements INetworkModule {
  /** The first transport failure of this call, if any. */
  failure: IdentityWebError | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly discovery: DiscoveryCache,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const timeoutMs = Math.min(timeout ?? Number.POSITIVE_INFINITY, this.transport.timeoutMs);
    return this.record(
      this.discovery.get(url, () => exchange<T>(this.transport, 'GET', url, headersOf(options), timeoutMs)),
    );
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.record(exchange<T>(this.transport, 'POST', url, { ...headersOf(options), body: options?.body ?? '' }));
  }

  private async record<T>(response: Promise<NetworkResponse<T>>): Promise<NetworkResponse<T>> {
    try {
      return await response;
    } catch (error) {
      this.failure ??= isIdentityWebError(error)
        ? error
        : providerFailure('unreachable', 'Entra request failed', error);
      // An AuthError passes through msal unchanged; the message is ours and holds no secret.
      throw new AuthError('network_error', '', this.failure.message);
    }
  }
}

function headersOf(options?: NetworkRequestOptions): { headers?: Record<string, string> } {
  return options?.headers ? { headers: options.headers } : {};
}
