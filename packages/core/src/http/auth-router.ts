// The auth routes: which method and path under `basePath` runs which route handler, the 405s,
// and the one error answer of a route that fails.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { ERROR_ANSWERS } from '../domain/error-answers.js';
import { ErrorCode } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import { HostWarning } from './host-warning.js';
import { LogoutNotificationRoutes } from './logout-notification.routes.js';
import { isScriptCall } from './request-kind.js';
import { outsideBasePath, sentAsParsed } from './request-path.js';
import { errorResult, json } from './responses.js';
import { SecurityEventRoutes } from './security-event.routes.js';
import { SignInRoutes } from './sign-in.routes.js';
import { SignOutRoutes } from './sign-out.routes.js';
import type { HttpRequest, HttpResult } from './types.js';

type Route = (req: HttpRequest) => Promise<HttpResult>;

@injectable()
export class AuthRouter {
  private readonly routes: Map<string, Route>;
  private readonly basePath: string;

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(HostWarning) private readonly hostWarning: HostWarning,
    @inject(SignInRoutes) signIn: SignInRoutes,
    @inject(SignOutRoutes) signOut: SignOutRoutes,
    @inject(LogoutNotificationRoutes) notifications: LogoutNotificationRoutes,
    @inject(SecurityEventRoutes) securityEvents: SecurityEventRoutes,
    @inject(Providers) providers: Providers,
  ) {
    const base = settings.basePath;
    this.basePath = base;
    const entries: [string, Route][] = [
      [`GET ${base}/sign-in`, (r) => signIn.signIn(r)],
      // One callback per provider with several (`/callback/{name}`), the one callback with one.
      ...providers.all.flatMap(({ name }): [string, Route][] => {
        const path = name === undefined ? `${base}/callback` : `${base}/callback/${name}`;
        return [
          [`GET ${path}`, (r) => signIn.callback(r, name)],
          [`POST ${path}`, (r) => signIn.callback(r, name)],
        ];
      }),
      [`POST ${base}/sign-out`, (r) => signOut.signOut(r)],
      [`POST ${base}/sign-out-session`, (r) => signOut.signOutSession(r)],
      [`GET ${base}/signed-out`, (r) => signOut.signedOut(r)],
    ];
    if (settings.frontChannel.enabled) {
      entries.push([`GET ${base}/front-channel-logout`, (r) => notifications.frontChannelLogout(r)]);
    }
    if (settings.backChannel.enabled) {
      entries.push([`POST ${base}/back-channel-logout`, (r) => notifications.backChannelLogout(r)]);
    }
    if (settings.sharedSignals?.delivery === 'push') {
      entries.push([`POST ${base}/security-events`, (r) => securityEvents.receive(r)]);
    }
    this.routes = new Map(entries);
  }

  /**
   * Answers an auth route, or returns `null` at once for every other request (no promise, so
   * an app route pays no await for it). The promise never rejects.
   */
  handle(req: HttpRequest): Promise<HttpResult> | null {
    if (req.path !== undefined && outsideBasePath(req.path, this.basePath)) return null;
    const path = req.url.pathname;
    if (path !== this.basePath && !path.startsWith(`${this.basePath}/`)) return null;
    if (req.path !== undefined && !sentAsParsed(req.path, path)) return null; // the app's router reads another path
    // HEAD is not GET here: a prefetcher's HEAD must not start a sign-in or consume a callback.
    const route = this.routes.get(`${req.method} ${path}`);
    if (path === `${this.basePath}/sign-in` || path.startsWith(`${this.basePath}/callback`)) {
      this.hostWarning.check(req);
    }
    if (!route) {
      const allowed = ['GET', 'POST'].filter((m) => this.routes.has(`${m} ${path}`));
      if (allowed.length === 0) return null;
      const body = { error: ErrorCode.MethodNotAllowed, error_description: 'method not allowed' };
      return Promise.resolve(json(ERROR_ANSWERS.method_not_allowed.status, body, { allow: allowed.join(', ') }));
    }
    return this.answerRoute(route, req, path);
  }

  private async answerRoute(route: Route, req: HttpRequest, path: string): Promise<HttpResult> {
    try {
      return await route(req);
    } catch (error) {
      const area = /\/sign(?:ed)?-out(?:-session)?$/.test(path) ? 'sign-out' : 'sign-in';
      const format = isScriptCall(req) ? 'json' : 'html';
      return errorResult(error, this.logger, { area, format, render: this.settings.renderPage });
    }
  }
}
