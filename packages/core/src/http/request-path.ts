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
