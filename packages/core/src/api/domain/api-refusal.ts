// Why a protected API refuses a request, in the words of RFC 6750 §3.1, RFC 9449 §7.1 and RFC 9470 §3.

/** The error codes of a refusal's `WWW-Authenticate` challenge. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'insufficient_user_authentication'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce';

/** The HTTP status each error code is answered with (RFC 6750 §3.1, RFC 9449 §7.1, RFC 9470 §3). */
const STATUS: { readonly [C in ApiErrorCode]: 400 | 401 | 403 } = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  insufficient_user_authentication: 401,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
};

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
 * A request the API refuses. `error` is `undefined` when the request carried no credentials at
 * all (RFC 6750 §3.1: "the resource server SHOULD NOT include an error code"); `unavailable` when
 * the token's issuer could not be reached to check it (503, not the caller's fault).
 */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';

  private constructor(
    readonly status: 400 | 401 | 403 | 503,
    readonly error: ApiErrorCode | undefined,
    readonly description: string | undefined,
    readonly details: ChallengeDetails = {},
  ) {
    super(description ?? 'the request carries no access token');
  }

  /** An error code of the API's, with the status the RFCs give it. */
  static of(error: ApiErrorCode, description: string, details?: ChallengeDetails): ApiRefusal {
    return new ApiRefusal(STATUS[error], error, description, details);
  }

  /** `invalid_token` (RFC 6750 §3.1), in fixed words that quote nothing of the token. */
  static invalidToken(description: string): ApiRefusal {
    return ApiRefusal.of('invalid_token', description);
  }

  /** No credentials, or a scheme the API does not take: a bare challenge (RFC 6750 §3.1). */
  static noToken(): ApiRefusal {
    return new ApiRefusal(401, undefined, undefined);
  }

  /** The token is fine but the route's rule refuses this caller (a role, a claim): 403, no error code. */
  static forbidden(description: string): ApiRefusal {
    return new ApiRefusal(403, undefined, description);
  }

  /** What the check needs could not be had (the issuer's keys, the replay memory): 503 with `Retry-After`. */
  static unavailable(description: string): ApiRefusal {
    return new ApiRefusal(503, undefined, description);
  }
}
