/**
 * Structured logger, fields first and the message second — the signature of pino, bunyan and
 * most Node loggers, so `logger: pino()` passes straight in; `console` fits too. identity-web
 * never passes a token, a code, a secret or a cookie value, and names accounts only by a
 * non-reversible id.
 *
 * @group Observability
 */
export interface Logger {
  /** Expected outcomes, for tracing: a user who must sign in again or consent, an IdP call that answered so. */
  debug(fields: Record<string, unknown>, message: string): void;
  /** Normal operation: sign-ins, ended sessions, removed accounts, token refreshes at the IdP. */
  info(fields: Record<string, unknown>, message: string): void;
  /**
   * A failure identity-web works around: a failed IdP call or revocation, a token-cache partition
   * dropped because it did not decrypt, a logout notification that ended nothing.
   */
  warn(fields: Record<string, unknown>, message: string): void;
  /**
   * A failure it cannot absorb: a request that failed unexpectedly (the user sees no details), an
   * app event handler that threw.
   */
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * A logger that writes nothing: `logger: silentLogger` turns identity-web's default console lines off.
 *
 * @example
 * ```ts
 * import { createIdentityWeb, silentLogger } from '@identity-web/core';
 *
 * const identity = createIdentityWeb({ identityProvider, baseUrl, secret, logger: silentLogger });
 * ```
 *
 * @group Observability
 */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
