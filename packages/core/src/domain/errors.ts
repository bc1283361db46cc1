/**
 * Stable error codes, the one catalogue of every error identity-web throws on purpose. A code
 * survives a process boundary (logs, JSON bodies, a second copy of the library) where
 * `instanceof` does not, so callers branch on `code`. The table in the core README lists them.
 */
export const ErrorCode = {
  /** An option given to a factory (`createIdentityWeb`, `createOidcProvider`, ...) is invalid; `option` names it. */
  InvalidOption: 'invalid_option',
  /** A function of the library was called wrongly (a programmer error, not a network input); `option` names the argument. */
  InvalidArgument: 'invalid_argument',
  /** Only the user can help: consent, MFA, a claims challenge, an expired refresh token. Answered with a challenge. */
  InteractionRequired: 'interaction_required',
  /**
   * A fresh sign-in that asked for exactly these scopes came back without the user's consent to
   * them (the IdP answered `consent_required`, `invalid_scope`, …): 403 instead of a sign-in loop.
   */
  ConsentNotGranted: 'consent_not_granted',
  /**
   * A sign-in moments ago did not cure what the IdP refuses for other reasons (a revoked grant,
   * `invalid_grant`, `login_required`; the message names the IdP's reason): 403 instead of
   * sending the user round the same loop again.
   */
  SignInLoop: 'sign_in_loop',
  /**
   * A signed-in user lacks a role, a granted scope or a claim a route requires (`requireAuth({ roles,
   * scopes, claim })`): 403. Signing in again would not help, so no challenge is offered.
   */
  Forbidden: 'forbidden',
  /** The app's `onSignIn` hook refused this sign-in (403); no session, token or registry entry was kept. */
  SignInRefused: 'sign_in_refused',
  /** The sign-in response's `state` is missing, unknown, expired, replayed or from another browser. */
  InvalidState: 'invalid_state',
  /** The sign-in response is malformed or failed validation (id token, `iss`, nonce). */
  InvalidCallback: 'invalid_callback',
  /** The identity provider answered with an OAuth error. */
  IdpError: 'idp_error',
  /** The identity provider could not be reached or timed out (503). */
  IdpUnavailable: 'idp_unavailable',
  /** A logout token failed verification (OIDC Back-Channel Logout 1.0 §2.6). */
  InvalidLogoutToken: 'invalid_logout_token',
  /** A logout token's `jti` was already used. */
  LogoutTokenReplayed: 'logout_token_replayed',
  /** A request to an auth route is malformed (body type, repeated or oversized parameter). */
  InvalidRequest: 'invalid_request',
  /** The sign-out request failed the CSRF checks (403). */
  CsrfFailed: 'csrf_failed',
  /** A `returnTo` is not a path on this site. */
  InvalidReturnTo: 'invalid_return_to',
  /** A token was asked for without a signed-in user. Answered with a challenge. */
  NotAuthenticated: 'not_authenticated',
  /** A stored token-cache entry cannot be decrypted (foreign, tampered, or its key was retired). */
  CacheDecryptFailed: 'cache_decrypt_failed',
  /** A store kept changing under a compare-and-set (503). */
  StoreConflict: 'store_conflict',
  /** A store could not be reached (503); nothing was reported as done. */
  StoreUnavailable: 'store_unavailable',
  /** An auth route was called with a method it does not serve (405). */
  MethodNotAllowed: 'method_not_allowed',
  /** Anything unexpected; its details go to the log only. */
  ServerError: 'server_error',
} as const;

/** One of the codes of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options of {@link IdentityWebError}. */
export interface IdentityWebErrorOptions {
  /** HTTP status the error maps to. Default 500. */
  status?: number;
  /** Whether `message` may reach the browser. Defaults to `status < 500`. */
  expose?: boolean;
  /** The option or argument at fault, for `invalid_option` and `invalid_argument`. */
  option?: string;
  /** The underlying error, kept as `cause` for logs. */
  cause?: unknown;
}

/**
 * The one base class of every error identity-web throws on purpose.
 * `expose` follows Koa's convention: only exposed messages reach a client; anything else is
 * answered with a generic message so 5xx details never leak.
 */
export class IdentityWebError extends Error {
  /** The stable error code: branch on this, never on `instanceof` or the message. */
  readonly code: ErrorCode;
  /** The HTTP status the error is answered with. */
  readonly status: number;
  /** Whether `message` may be shown to the client; otherwise a generic message is. */
  readonly expose: boolean;
  /** The option or argument at fault, so callers never parse messages. */
  readonly option?: string;

  constructor(code: ErrorCode, message: string, options: IdentityWebErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdentityWebError';
    this.code = code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
    if (options.option !== undefined) this.option = options.option;
  }
}

/** What the user must be asked for again: consent to scopes, MFA, a conditional-access claims challenge. */
export interface InteractionRequest {
  /** The scopes to ask the user for. */
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
  /** What the sign-in that answers the challenge must ask for. */
  readonly interaction: InteractionRequest;

  constructor(message: string, interaction: InteractionRequest, options: IdentityWebErrorOptions = {}) {
    super(ErrorCode.InteractionRequired, message, { status: 401, expose: true, ...options });
    this.name = 'InteractionRequiredError';
    this.interaction = interaction;
  }
}

/**
 * The one helper for a bad option or argument, used by every package: the message says what
 * is expected and `option` names the field.
 *
 * @example throw invalidOption('session.ttlSeconds', 'must be a positive whole number of seconds');
 */
export function invalidOption(option: string, expected: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidOption, `identity-web: "${option}" ${expected}`, {
    status: 500,
    expose: false,
    option,
    cause,
  });
}

/** A library function called wrongly (e.g. `requireAuth()` before `identityWeb()`); `argument` names what is wrong. */
export function invalidArgument(argument: string, message: string): IdentityWebError {
  return new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: ${message}`, {
    status: 500,
    expose: false,
    option: argument,
  });
}

/** A bad input from the network (callback, logout request, form): a 4xx that changes nothing. */
export function badRequest(code: ErrorCode, message: string, cause?: unknown): IdentityWebError {
  return new IdentityWebError(code, message, { status: 400, expose: true, cause });
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/**
 * Recognises an identity-web error by its shape, never by `instanceof`: an app that ends up
 * with two copies of the core (version drift) still gets the right status and challenge.
 */
export function isIdentityWebError(error: unknown): error is IdentityWebError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; status?: unknown; expose?: unknown };
  return (
    typeof e.code === 'string' && CODES.has(e.code) && typeof e.status === 'number' && typeof e.expose === 'boolean'
  );
}

/**
 * Recognises an {@link InteractionRequiredError} by its code and shape, never by `instanceof`,
 * for the same reason as {@link isIdentityWebError}.
 */
export function isInteractionRequired(error: unknown): error is InteractionRequiredError {
  const e = error as Partial<InteractionRequiredError> | null;
  return (
    isIdentityWebError(error) &&
    e?.code === ErrorCode.InteractionRequired &&
    typeof e.interaction === 'object' &&
    e.interaction !== null
  );
}
