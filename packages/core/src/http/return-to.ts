// `returnTo` accepted only as a path on this site, so no redirect of ours is an open redirector.
import { badRequest, ErrorCode } from '../domain/errors.js';

const MAX_LENGTH = 2048;

/**
 * Accepts only paths on this site, so no redirect of ours is an open redirector (RFC 9700
 * §4.11.1). Normalise first, then decide: the value is resolved against the app's origin the
 * way a browser resolves a `Location` header, and the path that comes out — not the raw input —
 * must be a same-origin path that cannot be read as a network-path reference (`//host`,
 * `/\host`). Dot segments, percent-encoded dots, backslashes, tabs and newlines (which browsers
 * strip) and absolute URLs are all settled by that one rule. Returns the normalized path, or
 * throws 400 `invalid_return_to`.
 */
export function validateReturnTo(value: string | null | undefined, origin: string, fallback = '/'): string {
  if (value === null || value === undefined || value === '') return fallback;
  const invalid = () => badRequest(ErrorCode.InvalidReturnTo, 'returnTo must be a path on this site');
  // Controls and backslashes are refused outright: browsers strip or rewrite them before parsing.
  if (value.length > MAX_LENGTH || !value.startsWith('/') || hasControlOrBackslash(value)) throw invalid();
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    throw invalid();
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The bound holds for the result too: percent-encoding can make it nine times the input, and
  // a result this function would refuse cannot come back through `/signed-out`.
  if (url.origin !== origin || path.length > MAX_LENGTH || !isSafePath(path)) throw invalid();
  // The result must mean the same thing when the browser resolves it again.
  if (new URL(path, origin).href !== url.href) throw invalid();
  return path;
}

/** Whether a normalized path can only be read as a path on this site (never `//host` or `/\host`). */
export function isSafePath(path: string): boolean {
  return path.startsWith('/') && path[1] !== '/' && path[1] !== '\\' && !hasControlOrBackslash(path);
}

function hasControlOrBackslash(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}
