// One `Set-Cookie` header value from a cookie the core asks an adapter to set.
import type { CookieToSet } from './types.js';

/**
 * The `Set-Cookie` value for `cookie` (RFC 6265 §4.1), for adapters of frameworks without a
 * cookie API of their own, or whose API would reinterpret the core's decisions (units of
 * `maxAge`, `Secure` refused over a plain connection behind a TLS proxy). A `maxAge` of 0
 * deletes the cookie. The core's cookie names and values (base64url, hex) need no escaping;
 * any other octet than RFC 6265's `cookie-octet` (and `%`) is percent-encoded as UTF-8 all the same.
 *
 * @example
 * for (const cookie of result.cookies) res.append('set-cookie', setCookieHeader(cookie));
 *
 * @group Adapter flow
 */
export function setCookieHeader({ name, value, options }: CookieToSet): string {
  const expiry = options.maxAge <= 0 ? 'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT' : `Max-Age=${options.maxAge}`;
  const flags = `${options.httpOnly ? '; HttpOnly' : ''}${options.secure ? '; Secure' : ''}`;
  return `${name}=${encodeValue(value)}; Path=${options.path}; ${expiry}; SameSite=${options.sameSite}${flags}`;
}

// Anything but RFC 6265's cookie-octet, and `%` (so the encoding can be undone).
const NOT_COOKIE_OCTET = /[^\x21\x23-\x24\x26-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]/gu;

function encodeValue(value: string): string {
  return value.replace(NOT_COOKIE_OCTET, (ch) =>
    Array.from(new TextEncoder().encode(ch), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
