// Route handlers: the catch-all auth route, and the app's own routes with their auth context.

import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  apiErrorAnswer,
  errorAnswer,
  type FrameworkExchange,
  type HttpResult,
  type RequireAuthOptions,
  requestFlow,
  requireAuthCheck,
  type SignedInAuthContext,
  WebHttpRequest,
} from '@identity-web/core/adapter';
import { catchAllRoute } from './catch-all-route.js';
import { type Carrier, refuseNextBasePath, toResponse, UNAVAILABLE } from './web-exchange.js';

/**
 * A Next.js route handler: the request (`Request`, or Next.js's `NextRequest` when the handler
 * names it) and the route's context (`{ params }`).
 *
 * @group Setup
 */
export type RouteHandler<Context, R extends Request = Request> = (request: R, context: Context) => Promise<Response>;

/**
 * The context an app's route handler gets: the route's own (`params`) and the request's `auth`.
 *
 * @group Requests
 */
export type WithAuthContext<Context, Auth extends AuthContext = AuthContext> = Context & {
  /** The request's auth context. */
  readonly auth: Auth;
};

/**
 * The handler the app writes: what `withAuth` and `withRequiredAuth` wrap.
 *
 * @group Setup
 */
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
 * sends a browser to when a store is down (not logged: the render logged the failure), else
 * `not_found` (404) as JSON, saying where the catch-all route belongs.
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
  const missing = new IdentityWebError(
    ErrorCode.NotFound,
    `${pathname} is not an identity-web route: the catch-all route belongs at app/auth/[...identity]/route.ts (the "basePath" option, /auth by default)`,
  );
  return toResponse(apiErrorAnswer(missing) as HttpResult);
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
