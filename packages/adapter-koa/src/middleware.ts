import type { AuthContext, HttpRequest, IdentityWeb } from '@identity-web/core';
import type { Middleware } from 'koa';
import { toHttpRequest } from './request.js';
import { writeResult } from './response.js';

/** The `ctx.state` the middleware provides: `new Router<IdentityWebState>()`, `new Koa<IdentityWebState>()`. */
export interface IdentityWebState {
  auth: AuthContext;
}

interface Bound {
  readonly http: IdentityWeb['http'];
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// Per-request link from `requireAuth()` to the instance that built the context; a WeakMap
// keeps it out of `ctx.state`, which templating middleware often renders wholesale.
const bound = new WeakMap<object, Bound>();

/**
 * Answers the auth routes under `basePath`, sets `ctx.state.auth` on every other request, and
 * turns an `InteractionRequiredError` thrown downstream into a challenge (DESIGN.md §5).
 *
 * @example
 * app.use(identityWeb(createIdentityWeb({ identityProvider, baseUrl, secret })));
 */
export function identityWeb(identity: IdentityWeb): Middleware<IdentityWebState> {
  if (typeof identity?.http?.handle !== 'function' || typeof identity.settings?.origin !== 'string') {
    throw Object.assign(new TypeError('"identity" must be the result of createIdentityWeb(...)'), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  }
  const { http, settings } = identity;
  return async function identityWebMiddleware(ctx, next) {
    const req = toHttpRequest(ctx, settings.origin);
    const handled = await http.handle(req);
    if (handled) return writeResult(ctx, handled);
    const auth = await http.context(req);
    ctx.state.auth = auth;
    bound.set(ctx, { http, req, auth });
    try {
      await next();
    } catch (error) {
      // Only interaction-required and not-authenticated become challenges; anything else, or
      // anything thrown once the response has started, goes on to the app's error handling.
      const challenge = ctx.headerSent ? null : http.handleError(req, error);
      if (!challenge) throw error;
      writeResult(ctx, challenge);
    }
  };
}

/**
 * Lets signed-in users through; redirects browsers to sign-in (back to this URL afterwards)
 * and answers other requests 401 JSON `{ error: 'not_authenticated', ... }`.
 *
 * @example
 * router.get('/orders', requireAuth(), async (ctx) => { ... });
 */
export function requireAuth(): Middleware<IdentityWebState> {
  return async function requireAuthMiddleware(ctx, next) {
    const request = bound.get(ctx);
    if (!request) throw new TypeError('requireAuth() must run after app.use(identityWeb(identity))');
    if (!request.auth.isAuthenticated) return writeResult(ctx, request.http.challenge(request.req));
    await next();
  };
}
