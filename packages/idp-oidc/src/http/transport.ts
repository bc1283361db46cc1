// Every call to the provider bounded in time and body size, failing with typed errors instead of hanging.

import { isIdentityWebError } from '@identity-web/core';
import type { FetchLike } from '@identity-web/core/provider';
import { type IdentityWebError, providerFailure } from '@identity-web/core/provider';
import { idpError } from '../errors.js';

// Fetch spec "null body status": a Response with one of these must not be given a body.
/**
 * The largest body read from the provider. Discovery documents, key sets, token and UserInfo
 * answers are a few kilobytes; a provider (or whatever answers in its name) that sends more is
 * refused before it can fill the memory or, through UserInfo claims, the session.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
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
      : `could not reach ${describeUrl(url)}${plainHttpHint(url)}`;
  // The cause is only the error's name: network errors can echo request details.
  return providerFailure('unreachable', message, { name });
}

/**
 * An https URL to this machine that cannot be reached is most often a local test provider served
 * over plain http (the TLS handshake fails): the message says how to reach it.
 */
function plainHttpHint(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed?.protocol !== 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) return '';
  return `; if the provider on this machine is served over plain http, give its issuer with http:// (http://${parsed.host}/…) and allowInsecureRequests: true`;
}

async function readCapped(response: Response, url: string): Promise<ArrayBuffer> {
  const tooLarge = () => idpError(`${describeUrl(url)} answered more than ${MAX_BODY_BYTES} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    void response.body?.cancel().catch(() => {}); // the connection is not held for a body never read
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return new ArrayBuffer(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body.buffer;
}

/**
 * Wraps the configured fetch so that every call to the provider ends within `timeoutMs`,
 * body included (at most {@link MAX_BODY_BYTES}), and fails with a typed `idp_unavailable` error instead of hanging or throwing
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
      const body = NULL_BODY_STATUS.has(response.status) ? null : await abortable(readCapped(response, url), signal);
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
