import type { CookieToSet, HttpResult } from '@identity-web/core';
import type { ParameterizedContext } from 'koa';

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
  // The core sets `Secure` from the configured https `baseUrl` (or for SameSite=None), not from
  // the connection, which may end at a TLS-terminating proxy. Koa's cookie jar would throw
  // "Cannot send secure cookie over unencrypted connection" unless `app.proxy` is on and the
  // proxy says https; the decision is already made, so the jar is told to trust it (for this
  // cookie only: what the app sets later keeps Koa's own default).
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
