import { cookieValue, type HttpRequest, type HttpResult } from '@identity-web/core/adapter';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { StatusCode } from 'hono/utils/http-status';

/**
 * Wraps a Hono request in the core's `HttpRequest`. A class, not an object of closures, and the
 * URL is parsed only when the core asks for it (the auth routes): an app request costs one
 * small object.
 */
class HonoHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(private readonly c: Context) {
    this.method = c.req.method;
    this.path = rawPath(c.req.url);
  }

  get url(): URL {
    this.parsed ??= new URL(this.c.req.url);
    return this.parsed;
  }

  header(name: string): string | undefined {
    return this.c.req.header(name);
  }

  cookie(name: string): string | undefined {
    return cookieValue(this.c.req.header('cookie'), name);
  }

  readText(maxBytes: number): Promise<string> {
    return readText(this.c, maxBytes);
  }
}

export function toHttpRequest(c: Context): HttpRequest {
  return new HonoHttpRequest(c);
}

/** The path of an absolute URL string as the runtime gave it, before `?` or `#`. */
function rawPath(url: string): string {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  if (start === -1) return '/';
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const fragment = url.indexOf('#', start);
  if (fragment !== -1 && fragment < end) end = fragment;
  return url.slice(start, end);
}

export function respond(c: Context, result: HttpResult): Response {
  for (const { name, value, options } of result.cookies) {
    const { httpOnly, secure, sameSite, path, maxAge } = options;
    if (maxAge === 0) deleteCookie(c, name, { httpOnly, secure, sameSite, path });
    else setCookie(c, name, value, { httpOnly, secure, sameSite, path, maxAge });
  }
  // Hono's overloads pair null bodies with any status and text with "contentful" ones; the core
  // already pairs them (redirects have no body), so one cast covers both.
  return c.body(result.body as null, result.status as StatusCode, { ...result.headers });
}

async function readText(c: Context, maxBytes: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && !(Number(declared) <= maxBytes)) throw tooLarge(maxBytes);
  // Without a declared length (chunked upload) stop at the limit instead of buffering the
  // whole body first: the callback and logout routes are open to anyone. A body an earlier
  // middleware already read sits in Hono's cache, which `c.req.text()` returns.
  const text =
    declared === undefined && c.req.raw.body !== null && !c.req.raw.bodyUsed
      ? await readAtMost(c.req.raw.body, maxBytes)
      : await c.req.text();
  if (new TextEncoder().encode(text).byteLength > maxBytes) throw tooLarge(maxBytes);
  return text;
}

async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
}

function tooLarge(maxBytes: number): RangeError {
  return new RangeError(`the request body exceeds ${maxBytes} bytes`);
}
