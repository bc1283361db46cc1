// What identityWeb() looks at once, at the first request, in the Express app's router: routes
// mounted before it (they get no `req.auth`), and the error middleware after the routes.
import type { Request } from 'express';

/** What of Express's router stack (Express 5's `app.router`, 4's `app._router`) is read. */
interface Layer {
  readonly name?: string;
  readonly route?: unknown;
}

/**
 * Warns once, from the app's router stack: when routes come before identityWeb() (`req.auth` is
 * undefined there, and reading `req.auth.user` a bare TypeError), and when no authErrorHandler()
 * follows the routes (Express hands a route's error only to the error middleware after it, so a
 * consent or MFA challenge, the sign-in signedIn(req) asks for, or a store outage would reach
 * Express's own handler as an error page) or one comes before some of them. Only logs: a route
 * that reads no `req.auth` may come first.
 */
export function firstRequest(request: Request, warn: (event: string, message: string) => void): void {
  const app = request.app as { router?: { stack?: unknown }; _router?: { stack?: unknown } } | undefined;
  const stack = (app?._router ?? app?.router)?.stack;
  if (!Array.isArray(stack)) return;
  const layers = stack as Layer[];
  const isRoutes = (layer: Layer) =>
    layer.route !== undefined || layer.name === 'router' || layer.name === 'mounted_app';
  const mounted = layers.findIndex((layer) => layer.name === 'identityWebMiddleware');
  const early = layers.slice(0, Math.max(mounted, 0)).filter(isRoutes).map(describe);
  if (early.length > 0) {
    warn(
      'express_routes_before_identity_web',
      `routes mounted before identityWeb() get no req.auth (it is undefined there): ${early.slice(0, 5).join(', ')}${early.length > 5 ? ', …' : ''}. If they read it, mount app.use(identityWeb(identity)) before them`,
    );
  }
  const handler = layers.findLastIndex((layer) => layer.name === 'identityWebErrorHandler');
  const lastRoute = layers.findLastIndex(isRoutes);
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

/** A route layer as the warning names it: `GET /path`, or the router or sub-app it is. */
function describe(layer: Layer): string {
  const route = layer.route as { path?: unknown; methods?: Record<string, unknown> } | undefined;
  if (route === undefined) return `a ${layer.name === 'router' ? 'router' : 'sub-app'}`;
  const methods = Object.keys(route.methods ?? {}).map((m) => m.toUpperCase());
  return `${methods.join('/') || 'ALL'} ${String(route.path)}`;
}
