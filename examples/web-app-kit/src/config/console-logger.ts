import type { Logger } from '@identity-web/core';
import { LOG_LEVELS, type LogLevel } from './web-app-config.js';

/**
 * identity-web's log lines on stderr, from `level` up. The core never passes tokens, codes,
 * secrets or cookie values to its logger, so the fields are printed as they come.
 */
export function consoleLogger(level: LogLevel): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (name: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(name) < threshold) return;
    console.error(`[identity-web] ${name} ${message}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
