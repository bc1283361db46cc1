import { invalidArgument } from './errors.js';

// A scheme (RFC 3986 §3.1) followed by a colon: an absolute URL, not a path.
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The URL `callApi` requests: `path` below the API's `baseUrl`, never anywhere else. A caller
 * builds paths from request data (`/orders/${id}`), so this is where a crafted id would turn the
 * user's access token into a request to another host (SSRF, token leak): absolute and
 * scheme-relative URLs are refused, and the resolved URL must keep the base's origin and stay
 * under its path once `.`/`..` segments (also percent-encoded ones) and backslashes are resolved.
 *
 * @example resolveDownstreamUrl(new URL('https://api.example.com/v1'), 'orders/42?x=1')
 * // → https://api.example.com/v1/orders/42?x=1
 */
export function resolveDownstreamUrl(baseUrl: URL, path: string): URL {
  if (typeof path !== 'string') throw invalidArgument('path', 'callApi needs a path relative to the API (a string)');
  if (ABSOLUTE.test(path) || /^[/\\]{2}/.test(path)) {
    throw invalidArgument('path', "callApi takes a path relative to the API's baseUrl, not a URL");
  }
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const relative = path.replace(/^[/\\]/, '');
  // Resolved as one absolute string: `new URL(path, base)` would let `//host` or `../` pick the target.
  const url = new URL(`${baseUrl.origin}${prefix}/${relative}`);
  const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  if (url.origin !== baseUrl.origin || !inside || url.username !== '' || url.password !== '') {
    throw invalidArgument('path', "callApi refuses a path that leaves the API's baseUrl");
  }
  return url;
}
