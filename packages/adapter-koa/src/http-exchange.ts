// Koa's side of the exchange with the core: its request as an `HttpRequest` (body read up to a limit), and
// the core's `HttpResult` written back through Koa, cookies included.
import {
  type CookieToSet,
  cookieValue,
  type HttpRequest,
  type HttpResult,
  readNodeRequestBody,
} from '@identity-web/core/adapter';
import type { ParameterizedContext } from 'koa';

/**
 * Wraps a Koa request in the core's `HttpRequest`. A class, not an object of closures, and the
 * URL is parsed only when the core asks for it (the auth routes): an app request costs one
 * small object.
 */
class KoaHttpRequest implements HttpRequest {
  readonly method: string;
  readonly path: string;
  private parsed: URL | undefined;

  constructor(
    private readonly ctx: ParameterizedContext,
    private readonly origin: string,
  ) {
    this.method = ctx.req.method as string; // what `ctx.method` reads, without Koa's two getters
    const target = ctx.originalUrl;
    const query = target.indexOf('?');
    this.path = query === -1 ? target : target.slice(0, query);
  }

  get url(): URL {
    this.parsed ??= requestUrl(this.ctx.originalUrl, this.origin);
    return this.parsed;
  }

  header(name: string): string | undefined {
    const value = this.ctx.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  cookie(name: string): string | undefined {
    // Not `ctx.cookies.get()`, which builds a cookie jar per request: the first cookie of that
    // name, as there, read straight from the header. (Whitespace around a name or value, which
    // browsers never send, is skipped here and not there; the values are verified either way.)
    return cookieValue(this.ctx.req.headers.cookie, name);
  }

  readText(maxBytes: number): Promise<string> {
    return readBody(this.ctx, maxBytes);
  }
}

export function toHttpRequest(ctx: ParameterizedContext, origin: string): HttpRequest {
  return new KoaHttpRequest(ctx, origin);
}

/**
 * Only the path and query count: the origin is the configured `baseUrl`, never the Host header.
 * `originalUrl` rather than `url`, because the auth routes live at absolute paths even when a
 * router or `koa-mount` rewrote `ctx.path`.
 */
function requestUrl(target: string, origin: string): URL {
  if (target.startsWith('/')) return new URL(`${origin}${target}`);
  try {
    const absolute = new URL(target); // absolute-form request target (RFC 9112 §3.2.2)
    return new URL(`${origin}${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL(`${origin}/`); // `OPTIONS *` and the like: never an auth route
  }
}

/**
 * The small form bodies of `form_post` callbacks and back-channel logout: from the raw stream
 * when nothing read it yet (no app body parser needed), else from what a body parser left.
 */
function readBody(ctx: ParameterizedContext, maxBytes: number): Promise<string> {
  return readNodeRequestBody(ctx.req, maxBytes, ctx.request as { rawBody?: unknown; body?: unknown });
}

/** Writes the core's answer through Koa: status, headers, body, and cookies via `ctx.cookies`. */
export function writeResult(ctx: ParameterizedContext, result: HttpResult): void {
  // Koa 3 turns a null body of a response typed JSON (say, by the route that threw) into "null".
  ctx.remove('Content-Type');
  // Body first: assigning `null` would otherwise reset the status to 204.
  ctx.body = result.body;
  ctx.status = result.status;
  for (const [name, value] of Object.entries(result.headers)) ctx.set(name, value);
  for (const cookie of result.cookies) setCookie(ctx, cookie);
}

function setCookie(ctx: ParameterizedContext, { name, value, options }: CookieToSet): void {
  // The core sets `Secure` from the https `baseUrl` (or for SameSite=None), not from the
  // connection, which may end at a TLS proxy. Koa's jar would throw "Cannot send secure cookie
  // over unencrypted connection" without `app.proxy`; the decision is made, so the jar is told
  // to trust it (for this cookie only: what the app sets later keeps Koa's own default).
  const trusted = ctx.cookies.secure;
  if (options.secure) ctx.cookies.secure = true;
  const remove = options.maxAge <= 0;
  ctx.cookies.set(name, remove ? null : value, {
    httpOnly: options.httpOnly,
    secure: options.secure,
    sameSite: options.sameSite.toLowerCase() as 'lax' | 'none' | 'strict',
    path: options.path,
    // An empty value makes `cookies` write an expired cookie; Max-Age is in milliseconds there.
    ...(!remove && { maxAge: options.maxAge * 1000 }),
    overwrite: true,
    signed: false, // the core signs its cookie values itself
  });
  ctx.cookies.secure = trusted;
}
