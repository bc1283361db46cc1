// The Hono `identityWeb()` middleware and its env types: answers the auth routes and sets `c.var.auth`.
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { honoExchange, promised } from './http-exchange.js';

/**
 * The variables {@link identityWeb} sets. Compose them into your app's env instead of a global
 * `ContextVariableMap` augmentation, so only apps that mount the middleware see `c.var.auth`.
 * @example new Hono<{ Variables: IdentityWebVariables & { requestId: string } }>()
 *
 * @group Requests
 */
export interface IdentityWebVariables {
  /** The request's auth context: `isAuthenticated`, `user`, `acquireToken(...)`, `csrfToken`, ... */
  auth: AuthContext;
}

/**
 * The Hono env of an app that mounts {@link identityWeb}. `new Hono().use(identityWeb(identity))`
 * infers it; name it to compose it with your own env, or to type a handler written apart.
 *
 * @group Requests
 */
export type IdentityWebEnv = {
  /** `c.var.auth`, set by {@link identityWeb}. */
  Variables: IdentityWebVariables;
};

/**
 * The variables behind {@link requireAuth}: `auth` is signed in.
 *
 * @group Requests
 */
export interface SignedInVariables {
  /** The signed-in user's auth context: `user`, `account` and `csrfToken` are never `null`. */
  auth: SignedInAuthContext;
}

/**
 * The Hono env behind {@link requireAuth}. A route gets it by itself
 * (`app.get('/me', requireAuth(), (c) => c.text(c.var.auth.user.key))`); name it to type a
 * handler written apart: `Handler<SignedInEnv>`.
 *
 * @group Requests
 */
export type SignedInEnv = {
  /** `c.var.auth`, signed in. */
  Variables: SignedInVariables;
};

/**
 * Mounts identity-web on a Hono app: answers the auth routes (`/auth/sign-in`, `/auth/callback`,
 * `/auth/sign-out`, ... under `basePath`), sets `c.var.auth` for every other request, and turns an
 * `InteractionRequiredError` (or "not signed in") thrown further down into a challenge: a redirect
 * to sign-in for a browser, 401 JSON for an API call.
 *
 * @example
 * ```ts
 * import { identityWeb, requireAuth } from '@identity-web/hono';
 * import { Hono } from 'hono';
 *
 * const app = new Hono().use(identityWeb(identity)); // `c.var.auth` typed from here on
 * app.get('/me', requireAuth(), (c) => c.json(c.var.auth.user));
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, Front-Channel Logout 1.0 §2 and Back-Channel
 * Logout 1.0 §2.5: the sign-out and logout routes it answers.
 *
 * @group Setup
 */
export function identityWeb<E extends Env = IdentityWebEnv>(
  identity: AdaptedIdentityWeb,
): MiddlewareHandler<E & IdentityWebEnv> {
  // biome-ignore lint/complexity/noArguments: options given, or the factory mounted uncalled, are refused by name.
  const flow = requestFlow(identity, honoExchange, arguments);
  return createMiddleware<E & IdentityWebEnv>(promised(flow));
}
