/**
 * Structured logger, fields first and the message second — the signature of pino, bunyan and
 * most Node loggers, so `logger: pino()` passes straight in; `console` fits too. identity-web
 * never passes a token, a code, a secret or a cookie value, and names accounts only by a
 * non-reversible id.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
