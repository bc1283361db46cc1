/**
 * Stable error codes. A code survives a process boundary (logs, JSON bodies, another
 * instance) where `instanceof` does not, so callers branch on `code`.
 */
export const ErrorCode = {
  InvalidOptions: 'ERR_INVALID_OPTIONS',
  InvalidArgument: 'ERR_INVALID_ARG_VALUE',
  InteractionRequired: 'interaction_required',
  ConsentNotGranted: 'consent_not_granted',
  InvalidState: 'invalid_state',
  InvalidCallback: 'invalid_callback',
  IdpError: 'idp_error',
  IdpUnavailable: 'idp_unavailable',
  InvalidLogoutToken: 'invalid_logout_token',
  LogoutTokenReplayed: 'logout_token_replayed',
  InvalidRequest: 'invalid_request',
  CsrfFailed: 'csrf_failed',
  InvalidReturnTo: 'invalid_return_to',
  NotAuthenticated: 'not_authenticated',
  AccountRemoved: 'account_removed',
  CacheDecryptFailed: 'cache_decrypt_failed',
  StoreConflict: 'store_conflict',
  MethodNotAllowed: 'method_not_allowed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface IdentityWebErrorOptions {
  /** HTTP status the error maps to. */
  status?: number;
  /** Whether `message` may reach the browser. Defaults to `status < 500`. */
  expose?: boolean;
  cause?: unknown;
}

/**
 * The one base class of every error identity-web throws on purpose.
 * `expose` follows Koa's convention: only exposed messages reach a client; anything else is
 * answered with a generic message so 5xx details never leak.
 */
export class IdentityWebError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;

  constructor(code: string, message: string, options: IdentityWebErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdentityWebError';
    this.code = code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
  }
}

/** What the user must be asked for again: consent to scopes, MFA, a conditional-access claims challenge. */
export interface InteractionRequest {
  scopes: readonly string[];
  /** A claims challenge (JSON string) to pass as the `claims` authorization parameter. */
  claims?: string;
  /** The IdP's error code (`consent_required`, `AADSTS65001`, `invalid_grant`, ...). */
  reason?: string;
}

/**
 * Silent acquisition cannot succeed without the user: the adapters turn this into a
 * challenge (a redirect to sign-in asking for `scopes` and `claims`).
 */
export class InteractionRequiredError extends IdentityWebError {
  readonly interaction: InteractionRequest;

  constructor(message: string, interaction: InteractionRequest, options: IdentityWebErrorOptions = {}) {
    super(ErrorCode.InteractionRequired, message, { status: 401, expose: true, ...options });
    this.name = 'InteractionRequiredError';
    this.interaction = interaction;
  }
}

/** A bad input from the network (callback, logout request, form): a 4xx that changes nothing. */
export function badRequest(code: string, message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(code, message, { status: 400, expose: true, cause });
}

export function isIdentityWebError(error: unknown): error is IdentityWebError {
  return error instanceof IdentityWebError;
}
