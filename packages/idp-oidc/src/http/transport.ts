import { type IdentityWebError, isIdentityWebError } from '@identity-web/core/provider';
import { idpError, idpUnavailable } from '../errors.js';
import type { FetchLike } from '../options.js';

// Fetch spec "null body status": a Response with one of these must not be given a body.
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** Where a request went, for messages: origin and path only (a query may carry a secret). */
export function describeUrl(url: string): string {
  return URL.canParse(url) ? `${new URL(url).origin}${new URL(url).pathname}` : 'the identity provider';
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function transportError(error: unknown, url: string, timeoutMs: number): IdentityWebError {
  if (isIdentityWebError(error)) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message =
    name === 'TimeoutError'
      ? `${describeUrl(url)} did not answer within ${timeoutMs} ms`
      : `could not reach ${describeUrl(url)}`;
  // The cause is only the error's name: network errors can echo request details.
  return idpUnavailable(message, { name });
}

/**
 * Wraps the configured fetch so that every call to the provider ends within `timeoutMs`,
 * body included, and fails with a typed `idp_unavailable` error instead of hanging or throwing
 * a runtime-specific error. The race does not rely on the fetch honouring `signal` (a custom
 * fetch may not), and the body is read here under the same deadline, so a server that sends
 * headers and then stalls cannot hold a request open either.
 */
export function boundedFetch(fetchImpl: FetchLike, timeoutMs: number): FetchLike {
  return async (url, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await abortable(fetchImpl(url, { ...init, signal }), signal);
      if (response.status < 200 || response.status > 599) {
        throw idpError(`${describeUrl(url)} answered an unusable response`);
      }
      const body = NULL_BODY_STATUS.has(response.status) ? null : await abortable(response.arrayBuffer(), signal);
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      throw transportError(error, url, timeoutMs);
    }
  };
}
