// The adapters' error boundary: which errors that reach an app's request identity-web answers
// itself (a challenge, an outage, a refusal), and which it leaves to the app.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { answerOf } from '../domain/error-answers.js';
import { ErrorCode, isIdentityWebError, isOwnIdentityWebError } from '../domain/errors.js';
import { rowOf } from '../domain/failure-answer.js';
import { isInteractionRequired } from '../domain/interaction-required.js';
import type { Logger } from '../ports/logger.port.js';
import { Challenge } from './challenge.js';
import type { HttpRequest, HttpResult } from './types.js';

@injectable()
export class ErrorBoundary {
  constructor(
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(Challenge) private readonly challenges: Challenge,
  ) {}

  /**
   * Answers an error by its code's boundary action (the error table): a challenge to sign in or
   * consent; identity-web's own 4xx, 502 and 503 (with `Retry-After`) as their own answer — never a
   * framework's generic 500; `requireAuth`-like verdicts even when the app threw them. `null`:
   * not ours (a 500 such as a bug or an invalid option, or an app's own error of the same
   * shape), the app's error handling takes it. `logged`: not logged again.
   */
  handleError(req: HttpRequest, error: unknown, logged = false): HttpResult | null {
    if (isInteractionRequired(error)) {
      const { reason, scopes } = error.interaction;
      this.logger.debug({ reason, scopes }, 'identity-web: asking the user to sign in again or consent');
      return this.challenges.challenge(req, error);
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === ErrorCode.NotAuthenticated) return this.challenges.challenge(req);
    // Another copy of the core decided its error's status by its own table: the row of that status.
    const { boundary } = isIdentityWebError(error) ? rowOf(error) : answerOf(code);
    // identity-web's own errors, by name and not instanceof: two copies of the core still agree,
    // and an app's `ctx.throw(400, …, { code: 'invalid_request' })` of the same shape stays the
    // app's. A 500 (a bug, an invalid option) stays the app's too, whatever copy threw it.
    const own = isOwnIdentityWebError(error);
    // A 503's answer carries `Retry-After` (errorResult).
    if (own && boundary !== 'app') return this.challenges.refuse(req, error, logged);
    // `requireAuth`-like verdicts are answered whoever threw them, so an app refuses access the same way.
    return boundary === 'verdict' ? this.challenges.refuse(req, error, logged) : null;
  }
}
