// Hono's side of the exchange with the core: its request as an `HttpRequest`, the core's `HttpResult` as a
// Hono `Response`, and a request body read up to a limit.
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
    return cookieValue(cookieHeader(this.c), name);
  }

  readText(maxBytes: number): Promise<string> {
    return readText(this.c, maxBytes);
  }
}

/**
 * The `Cookie` header. On Node (`@hono/node-server`) straight from Node's own request, which the
 * server hands over as `c.env.incoming`: there `c.req.header()` first builds a Fetch `Headers`
 * of every header of the request, 2–3 µs a request under `pnpm bench:http` (as much as the rest
 * of identity-web's hit path) for one header already parsed. Node joins several `Cookie` fields
 * (HTTP/2 splits them) with `; `, as RFC 9113 §8.2.3 asks. Any other runtime (Workers, Bun,
 * Deno), or an `env` without a Node request, reads the Fetch request.
 */
function cookieHeader(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: NodeRequestLike } | undefined)?.incoming;
  if (typeof incoming === 'object' && incoming !== null && Array.isArray(incoming.rawHeaders)) {
    const value = incoming.headers?.cookie;
    return typeof value === 'string' ? value : undefined;
  }
  return c.req.header('cookie');
}

/** What of Node's `IncomingMessage` (or HTTP/2 request) {@link cookieHeader} reads. */
interface NodeRequestLike {
  readonly rawHeaders?: unknown;
  readonly headers?: { readonly cookie?: unknown };
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
