// One HTTP exchange with Entra, bounded in time, in msal's response shape, with non-JSON failures typed here.
import type { NetworkResponse } from '@azure/msal-node';
import { type FetchLike, providerFailure } from '@identity-web/core/provider';

/** What a request to Entra needs: the fetch to use and the bound on its duration. */
export interface Transport {
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
}

/**
 * Runs `work` with an abort signal and rejects after `ms` whether or not the work honours the
 * signal: a stalled body read or an interceptor that ignores aborts still cannot hang a call.
 */
export async function withTimeout<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = providerFailure('unreachable', `${what} did not finish within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** One request to Entra within `timeoutMs`, its body read included; no answer is `idp_unavailable`. */
function send(
  fetch: typeof globalThis.fetch,
  timeoutMs: number,
  where: string,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; text: string }> {
  return withTimeout(timeoutMs, where, async (signal) => {
    try {
      const response = await fetch(url, { ...init, signal });
      return { response, text: await response.text() };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw providerFailure('unreachable', `${where} failed: network error`, error);
    }
  });
}

/**
 * The fetch the core's key-set cache gets: bounded like every request to Entra, the body read
 * under the same deadline (a server that sends headers and then stalls cannot hold it open).
 */
export function keySetFetch(transport: Transport): FetchLike {
  return async (url, init) => {
    const where = `Entra GET ${new URL(url).href}`;
    const { response, text } = await send(transport.fetch, transport.timeoutMs, where, url, init);
    // A null-body status (204, 304) has no text, and a Response of it must get no body.
    return new Response(text === '' ? null : text, { status: response.status, headers: response.headers });
  };
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

/** `undefined` unless the response is declared JSON and parses to an object (RFC 6749 §5.1). */
function jsonBody(text: string, contentType: string | null): Record<string, unknown> | undefined {
  if (contentType === null || !JSON_TYPE.test(contentType)) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One HTTP exchange with Entra in msal's `NetworkResponse` shape. JSON error bodies (any status)
 * go back to msal, which knows Entra's error format; everything else becomes a typed error here,
 * because msal would turn it into an untyped `network_error` / `token_parsing_error`.
 * Messages carry the URL's path only: never a body, a code or a token.
 */
export async function exchange<T>(
  transport: Transport,
  method: 'GET' | 'POST',
  url: string,
  init: { headers?: Record<string, string>; body?: string },
  timeoutMs = transport.timeoutMs,
): Promise<NetworkResponse<T>> {
  const where = `Entra ${method} ${new URL(url).pathname}`;
  const { response, text } = await send(transport.fetch, timeoutMs, where, url, {
    method,
    ...(init.headers ? { headers: init.headers } : {}),
    ...(method === 'POST' ? { body: init.body ?? '' } : {}),
  });
  const body = jsonBody(text, response.headers.get('content-type'));
  if (body === undefined) {
    throw providerFailure(response.status, `${where} answered HTTP ${response.status} without a JSON object body`);
  }
  return { status: response.status, headers: headerRecord(response.headers), body: body as T };
}
