// Hono's side of the exchange with the core: its request as an `HttpRequest` and the core's
// `HttpResult` as a Hono `Response`.
import { type HttpRequest, type HttpResult, WebHttpRequest } from '@identity-web/core/adapter';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { StatusCode } from 'hono/utils/http-status';

/**
 * Hono's request as the core reads it: the Fetch request, its `Cookie` header read as below, and
 * a body an earlier middleware read taken from Hono's cache of it (`c.req.text()`).
 */
class HonoHttpRequest extends WebHttpRequest {
  constructor(
    private readonly c: Context,
    origin: string,
  ) {
    super(c.req.raw, origin);
  }

  protected override cookieHeader(): string | undefined {
    return cookieOf(this.c);
  }

  protected override alreadyRead(): Promise<string> {
    return this.c.req.text();
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
function cookieOf(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: NodeRequestLike } | undefined)?.incoming;
  if (typeof incoming === 'object' && incoming !== null && Array.isArray(incoming.rawHeaders)) {
    const value = incoming.headers?.cookie;
    return typeof value === 'string' ? value : undefined;
  }
  return c.req.header('cookie');
}

/** What of Node's `IncomingMessage` (or HTTP/2 request) {@link cookieOf} reads. */
interface NodeRequestLike {
  readonly rawHeaders?: unknown;
  readonly headers?: { readonly cookie?: unknown };
}

export function toHttpRequest(c: Context, origin: string): HttpRequest {
  return new HonoHttpRequest(c, origin);
}

export function respond(c: Context, result: HttpResult): Response {
  for (const { name, value, options } of result.cookies) {
    const { httpOnly, secure, sameSite, path, maxAge } = options;
    if (maxAge === 0) deleteCookie(c, name, { httpOnly, secure, sameSite, path });
    else setCookie(c, name, value, { httpOnly, secure, sameSite, path, maxAge });
  }
  // The core's answer replaces what the route had prepared: a Content-Type the route set before
  // it threw would describe a body that is not there (a challenge's redirect has none).
  if (result.headers['content-type'] === undefined) c.header('content-type', undefined);
  // Hono's overloads pair null bodies with any status and text with "contentful" ones; the core
  // already pairs them (redirects have no body), so one cast covers both.
  return c.body(result.body as null, result.status as StatusCode, { ...result.headers });
}
