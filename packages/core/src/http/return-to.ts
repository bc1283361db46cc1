import { badRequest, ErrorCode } from '../domain/errors.js';

/**
 * Accepts only same-origin relative paths, so no redirect of ours is an open redirector
 * (RFC 9700 §4.11.1). Rejects `//evil`, `/\evil`, absolute URLs and control characters —
 * browsers read `/\evil` as `//evil` and strip tabs and newlines before parsing.
 * Returns the normalized path, or throws 400 `invalid_return_to`.
 */
export function validateReturnTo(value: string | null | undefined, origin: string, fallback = '/'): string {
  if (value === null || value === undefined || value === '') return fallback;
  const invalid = () => badRequest(ErrorCode.InvalidReturnTo, 'returnTo must be a path on this site');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what we reject.
  if (
    value.length > 2048 ||
    !value.startsWith('/') ||
    /[\\\u0000-\u001f\u007f]/.test(value) ||
    value.startsWith('//')
  ) {
    throw invalid();
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    throw invalid();
  }
  if (url.origin !== origin) throw invalid();
  return `${url.pathname}${url.search}${url.hash}`;
}
