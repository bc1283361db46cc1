// Hono's side of the exchange with the core: its request as an `HttpRequest` and the core's
// `HttpResult` as a Hono `Response`.
import { type FrameworkExchange, type HttpRequest, type HttpResult, WebHttpRequest } from '@identity-web/core/adapter';
import type { Context, Next } from 'hono';
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

/**
 * The core's answer as Hono's response: on the current response, so what middleware added stays.
 * In place of the answer `onError` gave to an error the framework kept (`c.error`), which is then
 * answered: outer error reporters do not see it.
 */
export function answerOn(c: Context, _next: unknown, result: HttpResult): Response | undefined {
  const response = respond(c, result);
  if (c.error === undefined) return response;
  c.error = undefined;
  c.res = undefined; // drop `onError`'s response first, or its headers would override ours
  c.res = response;
  return undefined;
}

/** Hono's side of the request flow and the guard: `c.var.auth`, then `next()`. */
export const honoExchange: FrameworkExchange<Context, Next, Response | undefined> = {
  request: toHttpRequest,
  answer: answerOn,
  proceed(c, next, auth) {
    c.set('auth', auth);
    // Resolved to nothing, as `await next()` was: Hono's `next()` resolves to the context, which
    // its compose would take for this middleware's response when the handler did not finalize one.
    return next().then(nothing);
  },
  // Hono's compose catches a handler's error, keeps it in `c.error` and lets `onError` answer (a
  // 500 by default); an interaction-required error deserves the challenge instead.
  kept: (c) => c.error,
};

/** What a middleware that went on resolves to: nothing, so Hono's compose keeps the handler's answer. */
export function nothing(): undefined {
  return undefined;
}

/**
 * A Hono middleware's body of a flow: a promise whatever happens, as an async function gave, so a
 * caller outside a compose sees a rejection, never a throw. Not `async`: a known session costs no
 * promise of identity-web's own beyond the ones on `next()`'s.
 */
export function promised<C, N, R>(flow: (c: C, next: N) => R | Promise<R>): (c: C, next: N) => Promise<R> {
  return (c, next) => {
    try {
      return Promise.resolve(flow(c, next));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
