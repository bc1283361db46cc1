// The challenge: how a request without the access it needs is asked to sign in (or to consent),
// and `requireAuth`'s verdicts turned into answers.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { ERROR_ANSWERS } from '../domain/error-answers.js';
import { ErrorCode } from '../domain/errors.js';
import type { InteractionRequiredError } from '../domain/interaction-required.js';
import type { Logger } from '../ports/logger.port.js';
import type { AuthContext } from './auth-context.js';
import { type AuthorizeVerdict, authorize, type RequireAuthOptions, SIGNED_IN } from './authorize.js';
import { isBrowserNavigation } from './request-kind.js';
import { errorResult, json, redirect } from './responses.js';
import type { HttpRequest, HttpResult } from './types.js';

@injectable()
export class Challenge {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
  ) {}

  /**
   * Asks for sign-in (or more consent): a browser navigation is redirected to sign-in with the
   * current URL as `returnTo` and the missing scopes/claims; an API call gets 401 JSON.
   */
  challenge(req: HttpRequest, interaction?: InteractionRequiredError): HttpResult {
    const scopes = interaction?.interaction.scopes ?? [];
    const claims = interaction?.interaction.claims;
    const acrValues = interaction?.interaction.acrValues;
    const maxAge = interaction?.interaction.maxAge;
    if (isBrowserNavigation(req)) {
      const q = new URLSearchParams({ returnTo: `${req.url.pathname}${req.url.search}` });
      if (scopes.length > 0) q.set('scope', scopes.join(' '));
      if (claims !== undefined) q.set('claims', claims);
      if (acrValues !== undefined && acrValues.length > 0) q.set('acr_values', acrValues.join(' '));
      if (maxAge !== undefined) q.set('max_age', String(maxAge));
      return redirect(`${this.settings.basePath}/sign-in?${q}`, 302);
    }
    const code = interaction ? ErrorCode.InteractionRequired : ErrorCode.NotAuthenticated;
    return json(ERROR_ANSWERS[code].status, {
      error: code,
      error_description: interaction ? 'more consent or authentication is required' : 'sign-in required',
      ...(scopes.length > 0 && { scopes }),
      ...(claims !== undefined && { claims }),
      ...(acrValues !== undefined && acrValues.length > 0 && { acrValues }),
      ...(maxAge !== undefined && { maxAge }),
      signInUrl: `${this.settings.basePath}/sign-in`,
    });
  }

  /**
   * `requireAuth(options)`: `null` lets the request through; otherwise the challenge (no one is
   * signed in) or a 403 `forbidden`. Synchronous unless a `claim` check is asynchronous.
   */
  authorize(
    req: HttpRequest,
    auth: AuthContext,
    options: RequireAuthOptions = SIGNED_IN,
  ): HttpResult | null | Promise<HttpResult | null> {
    // `requireAuth()` alone, the common case: nothing to check beyond the session.
    if (options === SIGNED_IN && auth.isAuthenticated && auth.account !== null) return null;
    const verdict = authorize(auth, options);
    return verdict instanceof Promise ? verdict.then((v) => this.answer(req, v)) : this.answer(req, verdict);
  }

  /** An error's own answer: its status and page, HTML for a navigation, JSON otherwise; `logged`: not logged again. */
  refuse(req: HttpRequest, error: unknown, logged = false): HttpResult {
    return errorResult(error, this.logger, {
      format: isBrowserNavigation(req) ? 'html' : 'json',
      render: this.settings.renderPage,
      logged,
    });
  }

  private answer(req: HttpRequest, verdict: AuthorizeVerdict): HttpResult | null {
    if (verdict === 'allow') return null;
    if (verdict === 'sign-in') return this.challenge(req);
    return this.refuse(req, verdict);
  }
}
