// `IdentityWeb.http`, the framework-neutral HTTP surface adapters translate: a facade over the
// router, the auth-context factory, the challenge and the error boundary.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import type { InteractionRequiredError } from '../domain/interaction-required.js';
import type { Logger } from '../ports/logger.port.js';
import type { AuthContext } from './auth-context.js';
import { AuthContextFactory } from './auth-context-factory.js';
import { AuthRouter } from './auth-router.js';
import type { RequireAuthOptions } from './authorize.js';
import { Challenge } from './challenge.js';
import { ErrorBoundary } from './error-boundary.js';
import type { AuthHttpSurface, HttpRequest, HttpResult } from './types.js';

/**
 * The framework-neutral HTTP surface. Adapters call `handle` for every request (null: not
 * ours, go on), `context` to build the request's auth context, `authorize` for `requireAuth`,
 * and `challenge` / `handleError` to answer unauthenticated or interaction-required requests.
 */
@injectable()
export class AuthHttp implements AuthHttpSurface {
  readonly origin: string;
  readonly basePath: string;

  constructor(
    @inject(DI_KEYS.Settings) settings: Settings,
    @inject(AuthRouter) private readonly router: AuthRouter,
    @inject(AuthContextFactory) private readonly contexts: AuthContextFactory,
    @inject(Challenge) private readonly challenges: Challenge,
    @inject(ErrorBoundary) private readonly boundary: ErrorBoundary,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {
    this.origin = settings.origin;
    this.basePath = settings.basePath;
  }

  handle(req: HttpRequest): Promise<HttpResult> | null {
    return this.router.handle(req);
  }

  context(req: HttpRequest): AuthContext | Promise<AuthContext> {
    return this.contexts.context(req);
  }

  authorize(
    req: HttpRequest,
    auth: AuthContext,
    options?: RequireAuthOptions,
  ): HttpResult | null | Promise<HttpResult | null> {
    return this.challenges.authorize(req, auth, options);
  }

  challenge(req: HttpRequest, interaction?: InteractionRequiredError): HttpResult {
    return this.challenges.challenge(req, interaction);
  }

  handleError(req: HttpRequest, error: unknown, logged = false): HttpResult | null {
    return this.boundary.handleError(req, error, logged);
  }

  warn(event: string, message: string): void {
    this.logger.warn({ event }, `identity-web: ${message}`);
  }
}
