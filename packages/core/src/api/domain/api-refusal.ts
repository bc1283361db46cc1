// Why a protected API refuses a request, in the words of RFC 6750 §3.1, RFC 9449 §7.1 and RFC 9470 §3;
// its status is its code's row in the one table of error answers.
import { ERROR_ANSWERS } from '../../domain/error-answers.js';
import { ErrorCode } from '../../domain/error-codes.js';

/** The error codes of a refusal's `WWW-Authenticate` challenge: rows of the error table. */
export type ApiErrorCode = Extract<
  ErrorCode,
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'insufficient_user_authentication'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
>;

/** The rows a refusal is answered by: a challenge's error code, or one of the refusals without one. */
export type RefusalCode = ApiErrorCode | 'not_authenticated' | 'forbidden' | 'idp_unavailable' | 'store_unavailable';

/** What a challenge asks for beyond the error: the scopes or the authentication the API needs. */
export interface ChallengeDetails {
  /** RFC 6750 §3: the scopes that would do (with `insufficient_scope`). */
  readonly scope?: readonly string[];
  /** RFC 9470 §3: the authentication context classes that would do. */
  readonly acrValues?: readonly string[];
  /** RFC 9470 §3: how long ago, at most, the user must have authenticated, in seconds. */
  readonly maxAge?: number;
}

/**
 * A request the API refuses, answered by the row of `code` in the error table. `error` is
 * `undefined` when the request carried no credentials at all (RFC 6750 §3.1: "the resource
 * server SHOULD NOT include an error code"), for a rule of the route's that no scope would lift,
 * and when what the check needs could not be had (a 503, not the caller's fault).
 */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  /** The HTTP status: the row of `code`. */
  readonly status: number;

  private constructor(
    readonly code: RefusalCode,
    readonly error: ApiErrorCode | undefined,
    readonly description: string | undefined,
    readonly details: ChallengeDetails = {},
  ) {
    super(description ?? 'the request carries no access token');
    this.status = ERROR_ANSWERS[code].status;
  }

  /** An error code of the API's, with the status the RFCs give it. */
  static of(error: ApiErrorCode, description: string, details?: ChallengeDetails): ApiRefusal {
    return new ApiRefusal(error, error, description, details);
  }

  /** `invalid_token` (RFC 6750 §3.1), in fixed words that quote nothing of the token. */
  static invalidToken(description: string): ApiRefusal {
    return ApiRefusal.of(ErrorCode.InvalidToken, description);
  }

  /** No credentials, or a scheme the API does not take: a bare challenge (RFC 6750 §3.1). */
  static noToken(): ApiRefusal {
    return new ApiRefusal(ErrorCode.NotAuthenticated, undefined, undefined);
  }

  /** The token is fine but the route's rule refuses this caller (a role, a claim): 403, no error code. */
  static forbidden(description: string): ApiRefusal {
    return new ApiRefusal(ErrorCode.Forbidden, undefined, description);
  }

  /**
   * What the check needs could not be had: the token's issuer (`idp_unavailable`) or a store (the
   * replay memory, `store_unavailable`); 503 with `Retry-After`.
   */
  static unavailable(
    description: string,
    code: 'idp_unavailable' | 'store_unavailable' = ErrorCode.IdpUnavailable,
  ): ApiRefusal {
    return new ApiRefusal(code, undefined, description);
  }

  /** Whether the answer carries a `WWW-Authenticate` challenge: not for a refusal no token would lift. */
  get challenges(): boolean {
    return this.error !== undefined || this.code === ErrorCode.NotAuthenticated;
  }
}
