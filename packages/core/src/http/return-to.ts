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
  if (value.length > 2048 || !value.startsWith('/') || value.startsWith('//') || hasBackslashOrControl(value)) {
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

function hasBackslashOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}
