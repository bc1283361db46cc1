// The URL `callApi` requests: a path kept below the API's `baseUrl`, so no crafted path leaks the token.
import { invalidArgument } from './errors.js';

// A scheme (RFC 3986 §3.1) followed by a colon: an absolute URL, not a path.
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** A `%` that does not start a percent-encoded octet (RFC 3986 §2.1). */
const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
const ESCAPE_RUNS = /(?:%[0-9A-Fa-f]{2})+/g;
/**
 * Decodings of one segment at most: `%25` nested deeper than this is refused, since no API needs
 * a segment encoded four times over.
 */
const MAX_DECODINGS = 4;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The URL `callApi` requests: `path` below the API's `baseUrl`, never anywhere else. A caller
 * builds paths from request data (`/orders/${id}`), so this is where a crafted id would turn the
 * user's access token into a request to another host or to another path of the API (SSRF, token
 * leak). Absolute and scheme-relative URLs are refused, and so is every path segment that a
 * server or proxy on the way could read as a step up or as more than one segment, whether it
 * decodes the segment once, several times or not at all:
 * - a dot segment `.` or `..` (RFC 3986 §3.3), also with `;` path parameters (`..;`, which
 *   servlet containers such as Tomcat and Jetty resolve as `..`) and also percent-encoded;
 * - a percent-encoded `/` or `\` (`%2F`, `%5C`, `%252F`), a backslash (the URL Standard's parser
 *   reads it as `/`) and a control character, raw or encoded (the parser strips tabs and
 *   newlines, so what was checked would not be what is sent);
 * - a `%` that starts no escape, escapes that are not UTF-8 (overlong `%C0%AE`), and `%25`
 *   nested more than {@link MAX_DECODINGS} deep.
 * Such paths are refused, never normalised: `a/../b` is an error, not `b`. The query (from `?`
 * on) is the API's own and is sent as it is. The resolved URL must still keep the base's origin
 * and stay under its path.
 *
 * @example resolveDownstreamUrl(new URL('https://api.example.com/v1'), 'orders/42?x=1')
 * // → https://api.example.com/v1/orders/42?x=1
 */
export function resolveDownstreamUrl(baseUrl: URL, path: string): URL {
  if (typeof path !== 'string') throw invalidArgument('path', 'callApi needs a path relative to the API (a string)');
  if (ABSOLUTE.test(path) || /^[/\\]{2}/.test(path)) {
    throw invalidArgument('path', "callApi takes a path relative to the API's baseUrl, not a URL");
  }
  const end = pathEnd(path);
  const problem = pathProblem(path.slice(0, end));
  if (problem !== null) throw invalidArgument('path', `callApi refuses a path with ${problem}`);
  const prefix = baseUrl.pathname.replace(/\/+$/, '');
  const relative = path.startsWith('/') ? path.slice(1) : path;
  // Resolved as one absolute string: `new URL(path, base)` would let `//host` or `../` pick the target.
  const url = new URL(`${baseUrl.origin}${prefix}/${relative}`);
  const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  if (url.origin !== baseUrl.origin || !inside || url.username !== '' || url.password !== '') {
    throw invalidArgument('path', "callApi refuses a path that leaves the API's baseUrl");
  }
  return url;
}

/** Where the path part ends: at the query (`?`) or the fragment (`#`), whichever comes first. */
function pathEnd(path: string): number {
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '?' || path[i] === '#') return i;
  }
  return path.length;
}

/** What makes the path part unsafe to send, or `null`. */
function pathProblem(path: string): string | null {
  if (MALFORMED_ESCAPE.test(path)) return 'a "%" that starts no percent-encoded octet';
  for (const segment of path.split('/')) {
    const problem = segmentProblem(segment);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * Checks one segment as it is and after each percent-decoding until nothing is left to decode,
 * since a server or proxy on the way may decode once, twice or not at all before it resolves
 * dot segments or splits at slashes.
 */
function segmentProblem(segment: string): string | null {
  let value = segment;
  for (let decodings = 0; ; decodings++) {
    if (hasControl(value)) return 'a control character (also percent-encoded)';
    if (value.includes('\\')) return 'a backslash (also percent-encoded)';
    if (value.includes('/')) return 'a percent-encoded "/"';
    if (isDotSegment(value)) return 'a dot segment ("." or "..", also with ";" parameters or percent-encoded)';
    if (!ESCAPE.test(value)) return null;
    if (decodings === MAX_DECODINGS) return `percent-encoding nested more than ${MAX_DECODINGS} deep`;
    const decoded = percentDecode(value);
    if (decoded === null) return 'percent-encoded octets that are not UTF-8';
    value = decoded;
  }
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * `.` or `..`, also with path parameters (`..;x=1`, `.;`): servlet containers and the proxies
 * that follow them drop everything from `;` on before they resolve dot segments.
 */
function isDotSegment(segment: string): boolean {
  const semicolon = segment.indexOf(';');
  const name = semicolon === -1 ? segment : segment.slice(0, semicolon);
  return name === '.' || name === '..';
}

/**
 * One round of percent-decoding (RFC 3986 §2.1): each run of escapes as UTF-8, or `null` when a
 * run is not UTF-8 (an overlong `%C0%AE` for `.` included). A `%` that starts no escape stays.
 */
function percentDecode(value: string): string | null {
  try {
    return value.replace(ESCAPE_RUNS, (run) => {
      const bytes = new Uint8Array(run.length / 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
      return utf8.decode(bytes);
    });
  } catch {
    return null;
  }
}
