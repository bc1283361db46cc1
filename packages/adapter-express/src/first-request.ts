// What identityWeb() looks at once, at the first request, on the Express app it is mounted on:
// the error middleware after the routes, and `req.auth` on requests it does not see.
import { invalidArgument } from '@identity-web/core/adapter';
import type { Request } from 'express';

/** Both checks of the first request. */
export function firstRequest(request: Request, warn: (event: string, message: string) => void): void {
  checkErrorHandler(request, warn);
  guardAuthProperty(request);
}

/** What of Express's router stack (Express 5's `app.router`, 4's `app._router`) is read. */
interface Layer {
  readonly name?: string;
  readonly route?: unknown;
}

/**
 * Express hands a route's error only to the error middleware mounted after it: without
 * authErrorHandler() there, a consent or MFA challenge, the sign-in signedIn(req) asks for, or a
 * store outage reaches Express's own handler as an error page. Warns once when none follows the routes.
 */
function checkErrorHandler(request: Request, warn: (event: string, message: string) => void): void {
  const app = request.app as { router?: { stack?: unknown }; _router?: { stack?: unknown } } | undefined;
  const stack = (app?._router ?? app?.router)?.stack;
  if (!Array.isArray(stack)) return;
  const layers = stack as Layer[];
  const handler = layers.findLastIndex((layer) => layer.name === 'identityWebErrorHandler');
  const lastRoute = layers.findLastIndex(
    (layer) => layer.route !== undefined || layer.name === 'router' || layer.name === 'mounted_app',
  );
  if (handler === -1) {
    warn(
      'express_no_auth_error_handler',
      "no authErrorHandler() is mounted on this Express app: an InteractionRequiredError (consent, MFA, a new sign-in), the sign-in signedIn(req) asks for and a store outage, thrown by a route, reach Express's own error handler as an error page. Mount app.use(authErrorHandler()) after your routes and before your own error handler",
    );
  } else if (handler < lastRoute) {
    warn(
      'express_auth_error_handler_before_routes',
      "authErrorHandler() is mounted before some of the routes: Express hands a route's error only to the error middleware mounted after it. Mount app.use(authErrorHandler()) after your routes",
    );
  }
}

/**
 * `req.auth` on a request identityWeb() did not see (a route mounted before it, or on another app)
 * would be `undefined`, and reading `req.auth.user` a bare TypeError: on the app's own request
 * prototype (Express's `app.request`), `auth` says what to mount instead. A request identityWeb()
 * sees gets `auth` as its own property, which hides the prototype's.
 */
function guardAuthProperty(request: Request): void {
  const prototype = (request.app as { request?: unknown } | undefined)?.request;
  if (typeof prototype !== 'object' || prototype === null || Object.hasOwn(prototype, 'auth')) return;
  Object.defineProperty(prototype, 'auth', {
    configurable: true,
    get() {
      throw invalidArgument(
        'req.auth',
        'req.auth is read on a request identityWeb() did not see: mount app.use(identityWeb(identity)) before the routes that read it',
      );
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, 'auth', { value, writable: true, enumerable: true, configurable: true });
    },
  });
}
