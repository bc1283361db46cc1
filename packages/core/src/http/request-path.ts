// A path of these characters only, with no segment that starts with a dot, is one the WHATWG
// URL parser leaves as it is (no dot segments, no percent-decoding or -encoding, no backslash).
const PLAIN_PATH = /^(?=\/)(?:\/(?!\.)|[A-Za-z0-9\-._~!$&'()*+,;=:@])*$/;

/**
 * `true` only when the raw request path is certainly not under `basePath`: a plain path is
 * compared as it is; anything else (dot segments, escapes, absolute-form targets) is left to
 * the URL parser, so `/x/../auth/sign-in` still reaches the auth routes.
 */
export function outsideBasePath(rawPath: string, basePath: string): boolean {
  if (!PLAIN_PATH.test(rawPath)) return false;
  return rawPath !== basePath && !rawPath.startsWith(`${basePath}/`);
}

/**
 * Whether `parsedPath` (the URL parser's reading of the request) is the path the request sent.
 * An auth route is answered only then: a request whose path the parser rewrites into `basePath`
 * (`/x/%2e%2e/auth/sign-in`, `/./auth/sign-in`, backslashes) reaches the app's router with
 * another path than the one the core would answer, so a guard the app mounts on `basePath` (an
 * allow-list for back-channel logout, a rate limit) would not see it. Such a request goes to the
 * app as any other. An absolute-form target (RFC 9112 §3.2.2) is compared on its path.
 */
export function sentAsParsed(rawPath: string, parsedPath: string): boolean {
  if (rawPath === parsedPath) return true;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rawPath);
  if (scheme === null) return false;
  const start = rawPath.indexOf('/', scheme[0].length);
  return start !== -1 && rawPath.slice(start) === parsedPath;
}
