// Route handlers: the catch-all auth route, and the app's own routes with their auth context.

import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  errorAnswer,
  type FrameworkExchange,
  type RequireAuthOptions,
  requestFlow,
  requireAuthCheck,
  type SignedInAuthContext,
  WebHttpRequest,
} from '@identity-web/core/adapter';
import { type Carrier, refuseNextBasePath, toResponse, UNAVAILABLE } from './web-exchange.js';

/**
 * A Next.js route handler: the request (`Request`, or Next.js's `NextRequest` when the handler
 * names it) and the route's context (`{ params }`).
 */
export type RouteHandler<Context, R extends Request = Request> = (request: R, context: Context) => Promise<Response>;

/** The context an app's route handler gets: the route's own (`params`) and the request's `auth`. */
export type WithAuthContext<Context, Auth extends AuthContext = AuthContext> = Context & {
  /** The request's auth context. */
  readonly auth: Auth;
};

/** The handler the app writes: what `withAuth` and `withRequiredAuth` wrap. */
export type AuthRouteHandler<Context, Auth extends AuthContext = AuthContext, R extends Request = Request> = (
  request: R,
  context: WithAuthContext<Context, Auth>,
) => Response | Promise<Response>;

/** What goes on after the auth context is read: the app's handler, or the catch-all route's 404. */
type Continue = (carrier: Carrier, auth: AuthContext) => Response | Promise<Response>;

const routeExchange: FrameworkExchange<Carrier, Continue, Response> = {
  request: (carrier, origin) => new WebHttpRequest(carrier.request, origin),
  answer: (_carrier, _next, result) => toResponse(result),
  proceed: (carrier, next, auth) => next(carrier, auth),
};

/**
 * Where the catch-all route sends a request that is not an auth route: the 503 page a render
 * sends a browser to when a store is down (not logged: the render logged the failure), else a
 * 404 saying so.
 */
const notAnAuthRoute: Continue = (carrier) => {
  const { pathname } = new URL(carrier.request.url);
  if (pathname === `${carrier.basePath}${UNAVAILABLE}`) {
    const down = new IdentityWebError(
      ErrorCode.StoreUnavailable,
      'a page was sent here: a service it needed (a store, or the provider) was unreachable',
    );
    const answer = errorAnswer(carrier, down, false, { logged: true });
    if (answer !== null) return toResponse(answer);
  }
  return Response.json(
    {
      error: 'not_found',
      error_description: `${pathname} is not an identity-web route: the catch-all route belongs at app/auth/[...identity]/route.ts (the "basePath" option, /auth by default)`,
    },
    { status: 404 },
  );
};

/** The route-handler side of one instance: the flow made once, at the first request. */
export function routeHandlers(instance: () => AdaptedIdentityWeb) {
  let flow: ((carrier: Carrier, next: Continue) => Response | Promise<Response>) | undefined;
  let basePath = '';
  // Async: a failure (an instance that cannot be made, say) is a rejection, as the types say.
  const run = async (request: Request, next: Continue) => {
    refuseNextBasePath(request);
    if (flow === undefined) {
      const adapted = instance();
      flow = requestFlow(adapted, routeExchange);
      basePath = adapted.http.basePath; // a setting, read: where the catch-all route lives
    }
    return flow({ request, basePath }, next);
  };
  const authRoute = (request: Request) => run(request, notAnAuthRoute);
  return {
    handlers: catchAllRoute(authRoute, (event, message) => instance().http.warn(event, message)),
    withAuth<Context, R extends Request = Request>(
      handler: AuthRouteHandler<Context, AuthContext, R>,
    ): RouteHandler<Context, R> {
      return (request, context) => run(request, answeringErrors(handler, request, context));
    },
    withRequiredAuth<Context, R extends Request = Request>(
      handler: AuthRouteHandler<Context, SignedInAuthContext, R>,
      options?: RequireAuthOptions,
    ): RouteHandler<Context, R> {
      const check = requireAuthCheck(options, 'nextIdentityWeb()');
      return (request, context) =>
        run(request, async (carrier, auth) => {
          const denied = await check(carrier, auth);
          if (denied !== null) return toResponse(denied);
          return answeringErrors(handler as AuthRouteHandler<Context, AuthContext, R>, request, context)(carrier, auth);
        });
    },
  };
}

/** The app's handler with its context, identity-web's errors (a challenge, a 503) answered as the other adapters do. */
function answeringErrors<Context, R extends Request>(
  handler: AuthRouteHandler<Context, AuthContext, R>,
  request: R,
  context: Context,
): Continue {
  return async (carrier, auth) => {
    try {
      return await handler(request, { ...context, auth });
    } catch (error) {
      const answer = errorAnswer(carrier, error);
      if (answer === null) throw error;
      return toResponse(answer);
    }
  };
}

type Method = 'GET' | 'POST';

/** What each method of the catch-all route answers, and what goes wrong without it. */
const NEEDED_FOR: Record<Method, string> = {
  GET: 'sign-in, the query callback, front-channel logout and the signed-out page',
  POST: "sign-out, the form_post callback, back-channel logout, Shared Signals pushes and a session's sign-out",
};

/**
 * The catch-all route's `{ GET, POST }`, each noting that the app's route module took it. Next.js
 * answers a method the module does not export with a bare 405 that reaches no code of ours, so
 * the first request of either method says so when the other was never taken: a route module
 * that exports only `GET` is named, with its fix, before any sign-out fails.
 */
function catchAllRoute(
  answer: (request: Request) => Promise<Response>,
  warn: (event: string, message: string) => void,
): { readonly GET: typeof answer; readonly POST: typeof answer } {
  const taken: Record<Method, boolean> = { GET: false, POST: false };
  const method = (own: Method, other: Method) => {
    let first = true;
    return (request: Request) => {
      const answered = answer(request);
      if (first) {
        first = false;
        if (!taken[other]) {
          try {
            warn(
              `next_route_without_${other.toLowerCase()}`,
              `the catch-all route took ${own} from handlers but not ${other}: if app/auth/[...identity]/route.ts does not export ${other}, Next.js answers 405 to ${NEEDED_FOR[other]}. Export both: export const { GET, POST } = handlers;`,
            );
          } catch {
            // No instance to log through (its options were refused): the request answers that error.
          }
        }
      }
      return answered;
    };
  };
  const get = method('GET', 'POST');
  const post = method('POST', 'GET');
  return Object.freeze({
    get GET() {
      taken.GET = true;
      return get;
    },
    get POST() {
      taken.POST = true;
      return post;
    },
  });
}
