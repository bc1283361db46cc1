// The default logger: warnings and errors to the console, one escaped line each, with repeats folded.
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import type { Logger } from '../ports/logger.port.js';

/** Where {@link consoleLogger} writes: the two methods of `console` it calls. */
type ConsoleLike = Pick<Console, 'warn' | 'error'>;

/**
 * Options of {@link consoleLogger}.
 *
 * @example
 * ```ts
 * import { consoleLogger } from '@identity-web/core';
 *
 * // Lines to stderr only, a repeated line at most once every 10 s.
 * const logger = consoleLogger({
 *   repeatWindowMs: 10_000,
 *   console: { warn: (line) => process.stderr.write(`${line}\n`), error: (line) => process.stderr.write(`${line}\n`) },
 * });
 * ```
 *
 * @group Observability
 */
export interface ConsoleLoggerOptions {
  /**
   * Where lines go: an object with `console`'s `warn` and `error` (each takes one line). Default
   * `globalThis.console`, looked up at each line.
   */
  readonly console?: Pick<Console, 'warn' | 'error'>;
  /**
   * A line like one already written (same message, same `code` and `operation`) within this many milliseconds
   * is counted, not written; the next one after the window says how many were left out. Default
   * 60,000: a provider that is down, or a flood of forged logout requests, writes a line a
   * minute, not one per request.
   */
  readonly repeatWindowMs?: number;
  /** The time source of the window. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The `event` of the `info` line that lists, at creation, the URIs to register at each provider:
 * the one `info` line the console logger writes, since a first app needs it before anything fails.
 */
export const URIS_TO_REGISTER = 'uris_to_register';

/** Distinct lines remembered for the repeat window; past it, the oldest is forgotten. */
const MAX_KEYS = 256;

/**
 * The logger identity-web writes to when the app gives none: `warn` and `error` to the console,
 * one line each — the message, then the fields as JSON (so a value cannot break the line) —
 * `debug` nowhere, and of `info` only the line per provider, at creation, listing the URIs to
 * register there (to `console.info`, or `warn` of a console without `info`). Every 5xx it
 * answers and every refused IdP call is a `warn` or an `error`, so a wrong issuer or secret shows
 * on the console with what to check. Pass `logger: silentLogger` for no output at all, or your
 * own logger (pino, ...) for everything.
 *
 * @example
 * ```ts
 * import { consoleLogger, createIdentityWeb } from '@identity-web/core';
 *
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   logger: consoleLogger({ repeatWindowMs: 10_000 }),
 * });
 * ```
 *
 * @group Observability
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  refuseUnknownOptions(
    options,
    { console: true, repeatWindowMs: true, now: true } satisfies ShapeOf<ConsoleLoggerOptions>,
    'consoleLogger',
  );
  const { repeatWindowMs = 60_000, now = Date.now } = options;
  const seen = new Map<string, { until: number; skipped: number }>();

  const write = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => {
    const key = `${level} ${message} ${String(fields.code ?? '')} ${String(fields.operation ?? '')}`;
    const at = now();
    const last = seen.get(key);
    if (last !== undefined && at < last.until) {
      last.skipped++;
      return;
    }
    seen.delete(key);
    if (seen.size >= MAX_KEYS) seen.delete(seen.keys().next().value as string);
    seen.set(key, { until: at + repeatWindowMs, skipped: 0 });
    const more = last !== undefined && last.skipped > 0 ? { repeated: last.skipped } : {};
    const line = escapeControls(`${message} ${safeJson({ ...fields, ...more })}`);
    const target: ConsoleLike & { info?: unknown } = options.console ?? globalThis.console;
    if (level !== 'info') target[level](line);
    else if (typeof target.info === 'function') target.info(line);
    else target.warn(line);
  };
  return {
    debug() {},
    info: (fields, message) => {
      if (fields.event === URIS_TO_REGISTER) write('info', fields, message);
    },
    warn: (fields, message) => write('warn', fields, message),
    error: (fields, message) => write('error', fields, message),
  };
}

// C0 and C1 controls (a terminal's escape sequences), line and paragraph separators, and the
// bidirectional-text marks that can make a line read as something else: written as \uXXXX.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeControls(line: string): string {
  return line.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_, value) => (typeof value === 'bigint' ? String(value) : value));
  } catch {
    return '{}';
  }
}
