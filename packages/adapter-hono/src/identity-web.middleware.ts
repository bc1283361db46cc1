// The Hono `identityWeb()` middleware and its env types: answers the auth routes and sets `c.var.auth`.
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  errorAnswer,
  type FrameworkExchange,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import { respond, toHttpRequest } from './http-exchange.js';

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
  return createMiddleware<E & IdentityWebEnv>(function identityWebMiddleware(c, next) {
    // A promise whatever happens, as an async function gave: a caller outside a compose sees a
    // rejection, never a throw. Not `async`: a known session costs no promise of identity-web's
    // own beyond the one that reads the outcome of `next()`.
    try {
      return Promise.resolve(flow(c, next));
    } catch (error) {
      return Promise.reject(error);
    }
  });
}

const honoExchange: FrameworkExchange<Context, Next, Response | undefined> = {
  request: toHttpRequest,
  answer: (c, _next, result) => respond(c, result),
  proceed(c, next, auth) {
    c.set('auth', auth);
    return settled(next).then<Response | undefined, Response>(
      () => {
        // Hono's compose catches a handler's error, keeps it in `c.error` and lets `onError`
        // answer (a 500 by default); an interaction-required error deserves the challenge instead.
        if (c.error !== undefined) challengeError(c, c.error);
        return undefined;
      },
      (error: unknown) => {
        // Only reached outside a Hono app's compose (which catches everything that is an Error).
        const challenge = errorAnswer(c, error);
        if (!challenge) throw error;
        return respond(c, challenge);
      },
    );
  },
};

function challengeError(c: Context, error: unknown): void {
  const challenge = errorAnswer(c, error);
  if (!challenge) return;
  c.header('content-type', undefined); // the error page's type; a redirect challenge has no body
  const response = respond(c, challenge);
  c.error = undefined; // handled: outer error reporters should not see it
  c.res = undefined; // drop the error response first, or its headers would override ours
  c.res = response;
}

/** What `next()` settles to, a throw included. */
function settled(next: Next): Promise<unknown> {
  try {
    return next();
  } catch (error) {
    return Promise.reject(error);
  }
}
