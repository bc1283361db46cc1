import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { StatusCode } from 'hono/utils/http-status';

/**
 * The core's view of a Hono request. Bodies are read as raw text, not with
 * `c.req.parseBody()`: the core parses forms itself because it must see a duplicated
 * `logout_token` or `state` (a parsed object would silently keep one of them).
 */
export function toHttpRequest(c: Context): HttpRequest {
  return {
    method: c.req.method,
    url: new URL(c.req.url),
    header: (name) => c.req.header(name),
    cookie: (name) => getCookie(c, name),
    readText: (maxBytes) => readText(c, maxBytes),
  };
}

/** Writes a core result through Hono: cookies with `hono/cookie` (values come signed), then the body. */
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
