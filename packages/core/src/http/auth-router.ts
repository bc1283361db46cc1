// The auth routes: which method and path under `basePath` runs which route handler, the 405s,
// and the one error answer of a route that fails.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import { HostWarning } from './host-warning.js';
import { LogoutNotificationRoutes } from './logout-notification.routes.js';
import { isBrowserNavigation, isScriptCall } from './request-kind.js';
import { outsideBasePath, sentAsParsed } from './request-path.js';
import { errorResult } from './responses.js';
import { SignInRoutes } from './sign-in.routes.js';
import { SignOutRoutes } from './sign-out.routes.js';
import type { HttpRequest, HttpResult } from './types.js';

type Route = (req: HttpRequest) => Promise<HttpResult>;

/** A route an opt-in part of the core serves under `basePath` (`DI_KEYS.OptInRoutes`). */
export interface OptInRoute {
  readonly method: 'GET' | 'POST';
  /** Under `basePath`, e.g. `/security-events`. */
  readonly path: string;
  readonly route: Route;
}

@injectable()
export class AuthRouter {
  private readonly routes: Map<string, Route>;
  private readonly basePath: string;
  private pushNoted = false;

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(HostWarning) private readonly hostWarning: HostWarning,
    @inject(SignInRoutes) signIn: SignInRoutes,
    @inject(SignOutRoutes) signOut: SignOutRoutes,
    @inject(LogoutNotificationRoutes) notifications: LogoutNotificationRoutes,
    @inject(Providers) providers: Providers,
    @inject(DI_KEYS.OptInRoutes) optIn: readonly OptInRoute[],
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
      [`GET ${base}/signed-out`, (r) => signOut.signedOut(r)],
    ];
    if (settings.frontChannel.enabled) {
      entries.push([`GET ${base}/front-channel-logout`, (r) => notifications.frontChannelLogout(r)]);
    }
    if (settings.backChannel.enabled) {
      entries.push([`POST ${base}/back-channel-logout`, (r) => notifications.backChannelLogout(r)]);
    }
    // The opt-in parts' routes: Shared Signals push, the session list's `/sign-out-session`.
    for (const { method, path, route } of optIn) entries.push([`${method} ${base}${path}`, route]);
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
      if (allowed.length === 0) {
        if (path === `${this.basePath}/security-events`) this.noteUnconfiguredPush();
        return null;
      }
      return Promise.resolve(this.methodNotAllowed(req, path, allowed));
    }
    return this.answerRoute(route, req, path);
  }

  /**
   * 405 with `Allow`: a page for a browser's navigation (a link to sign-out shows how to sign out),
   * JSON otherwise. Sign-out is a POST with the session's CSRF token, so that no link, image or
   * form on another site can sign a user out.
   */
  private methodNotAllowed(req: HttpRequest, path: string, allowed: string[]): HttpResult {
    const signOut = path === `${this.basePath}/sign-out` || path === `${this.basePath}/sign-out-session`;
    const message = signOut
      ? `Signing out takes a POST from a form (no link on another site may sign anyone out), with the hidden field "csrf" set to auth.csrfToken: <form method="post" action="${path}"><input type="hidden" name="csrf" value="…"><button>Sign out</button></form>`
      : `${path} answers ${allowed.join(' and ')} only.`;
    const format = isBrowserNavigation(req) ? 'html' : 'json';
    const error = new IdentityWebError(ErrorCode.MethodNotAllowed, message);
    const answer = errorResult(error, this.logger, {
      format,
      area: signOut ? 'sign-out' : 'sign-in',
      render: this.settings.renderPage,
    });
    return { ...answer, headers: { ...answer.headers, allow: allowed.join(', ') } };
  }

  /** A Shared Signals push to an app that does not receive pushes: said once, with how to turn it on. */
  private noteUnconfiguredPush(): void {
    if (this.pushNoted) return;
    this.pushNoted = true;
    this.logger.warn(
      { event: 'security_event_push_unconfigured' },
      `identity-web: a Security Event Token was pushed to ${this.basePath}/security-events, where this app receives none (no sharedSignals option, or delivery 'poll'): the app answers it (404). To receive pushes: createIdentityWeb({ sharedSignals: { transmitter } }) (docs/shared-signals.md)`,
    );
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
