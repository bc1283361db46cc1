/** Structured logger. Never pass tokens, codes, secrets or cookie values. */
export interface Logger {
  /** Detail for debugging. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal events (sign-ins, removals). */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something unexpected that identity-web handled. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** A failure: 5xx answers and their causes. */
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
