// Express hands a route's error only to the error middleware mounted after it: without
// authErrorHandler() there, a consent or MFA challenge, a sign-in that signedIn(req) asks for, or
// a store outage reaches Express's own handler as an error page. Looked for once, at the first request.
import type { Request } from 'express';

/** What of Express's router stack (Express 5's `app.router`, 4's `app._router`) is read. */
interface Layer {
  readonly name?: string;
  readonly route?: unknown;
}

/** Warns once when no `authErrorHandler()` follows the app's routes. */
export function checkErrorHandler(request: Request, warn: (event: string, message: string) => void): void {
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
