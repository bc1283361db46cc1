// Any error as the HTTP layer answers it, by the table of error answers: status, page, the code
// and message the client may see, and `Retry-After`.
import { answerOf, ERROR_ANSWERS, type ErrorAnswer } from './error-answers.js';
import { ErrorCode } from './error-codes.js';
import { isIdentityWebError } from './errors.js';

/** What the HTTP layer writes for a failure, whoever threw it: see {@link failureAnswerOf}. */
export interface FailureAnswer extends ErrorAnswer {
  /**
   * The code the client sees: the error's own when its message may be shown, or an outage's
   * (`idp_unavailable`, `store_unavailable`, `idp_error`: it says what is down and leaks
   * nothing); anything else hidden is `server_error`.
   */
  readonly code: string;
  /** The message the client sees, or `null` for the generic one (the error then goes to the log). */
  readonly message: string | null;
}

/**
 * The row of the table that answers an identity-web error: its code's; or, when the error carries
 * another status than that row's (it comes from another copy of the core, whose table decided
 * otherwise), a row of the status it carries, so its status stands and the page, the boundary and
 * `Retry-After` still come from the table: the first row with that status, else its class's (a
 * 4xx is a refused request, a 500 the app's, any other 5xx an outage of the provider's).
 */
export function rowOf(error: { readonly code: string; readonly status: number }): ErrorAnswer {
  const answer = answerOf(error.code);
  if (answer.status === error.status) return answer;
  const same = Object.values(ERROR_ANSWERS).find((row) => row.status === error.status);
  if (same !== undefined) return same;
  const { status } = error;
  const kind =
    status < 500
      ? ERROR_ANSWERS.invalid_request
      : status === 500
        ? ERROR_ANSWERS.server_error
        : ERROR_ANSWERS.idp_error;
  return { ...kind, status };
}

/**
 * The answer to any error by the table: identity-web's errors by their row ({@link rowOf}), their
 * message shown only when the error says so (`expose`); anything else (a bug, a foreign error) a
 * hidden 500.
 */
export function failureAnswerOf(error: unknown): FailureAnswer {
  if (!isIdentityWebError(error)) return { ...ERROR_ANSWERS.server_error, code: ErrorCode.ServerError, message: null };
  const row = rowOf(error);
  // An outage keeps its code though its message is hidden: an unreachable IdP is a 503, not a 500.
  const outage = !row.expose && row.boundary !== 'app';
  // A message is shown only when both the error and its row say so: never a 5xx's (RFC 9110 §15.6).
  const expose = row.expose && error.expose;
  return {
    ...row,
    expose,
    code: expose || outage ? error.code : ErrorCode.ServerError,
    message: expose ? error.message : null,
  };
}
