// Koa's side of the exchange with the core: its request as an `HttpRequest` (body read up to a limit), and
// the core's `HttpResult` written back through Koa, cookies included.
import {
  type CookieToSet,
  type FrameworkExchange,
  type HttpRequest,
  type HttpResult,
  nodeHttpRequest,
} from '@identity-web/core/adapter';
import type { Next, ParameterizedContext } from 'koa';

/**
 * Koa's request as the core reads it: Node's own request (`ctx.req`, without Koa's getters), at
 * `originalUrl` rather than `url` (the auth routes live at absolute paths even when a router or
 * `koa-mount` rewrote `ctx.path`); a body parser's result is read from `ctx.request`.
 */
export function toHttpRequest(ctx: ParameterizedContext, origin: string): HttpRequest {
  return nodeHttpRequest(ctx.req, ctx.originalUrl, origin, ctx.request as { rawBody?: unknown; body?: unknown });
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

/** Koa's side of the request flow and the guard: `ctx.state.auth`, then `next()`. */
export const koaExchange: FrameworkExchange<ParameterizedContext, Next, unknown> = {
  request: toHttpRequest,
  answer: (ctx, _next, result) => writeResult(ctx, result),
  proceed(ctx, next, auth) {
    ctx.state.auth = auth;
    return next();
  },
  // An error thrown once the response has started goes on to the app's error handling.
  sent: (ctx) => ctx.headerSent,
};

/**
 * A Koa middleware of a flow: a promise whatever happens, as an async function gave, so a caller
 * outside a compose sees a rejection, never a throw. Not `async`: a known session costs no promise
 * of identity-web's own beyond the one on `next()`'s.
 */
export function koaMiddleware(
  flow: (ctx: ParameterizedContext, next: Next) => unknown,
): (ctx: ParameterizedContext, next: Next) => Promise<unknown> {
  return function identityWebMiddleware(ctx, next) {
    try {
      return Promise.resolve(flow(ctx, next));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
