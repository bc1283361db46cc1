/**
 * The value of the first cookie called `name` in a `Cookie` request header (RFC 6265 §5.4: pairs
 * separated by `;`, whitespace around them ignored, a value in double quotes unquoted), or
 * `undefined`. Values are returned as sent: identity-web's cookies are base64url, never escaped.
 *
 * For adapters, which read the session cookie with it on every request. Hand-written because
 * it runs on every request: it looks at one name and allocates only the value it returns, where
 * `getCookie(c, name)` from `hono/cookie` parses and validates the whole header each time (4 % of
 * all CPU of the protected route under `pnpm bench:http`, in a profile) and Koa's `ctx.cookies`
 * builds a cookie jar per request.
 *
 * @example
 * cookie(name) { return cookieValue(request.headers.get('cookie'), name); }
 */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  if (!header || name === '') return undefined;
  const length = header.length;
  let at = 0;
  while (at < length) {
    let end = header.indexOf(';', at);
    if (end === -1) end = length;
    const start = skipSpace(header, at, end);
    if (header.startsWith(name, start)) {
      const equals = skipSpace(header, start + name.length, end);
      if (equals < end && header.charCodeAt(equals) === 61 /* = */)
        return unquote(header.slice(equals + 1, end).trim());
    }
    at = end + 1;
  }
  return undefined;
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

function unquote(value: string): string {
  return value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34
    ? value.slice(1, -1)
    : value;
}
