import type { PayloadGroup } from './open-redirect.payloads.js';

/**
 * `callApi` paths that try to reach another path of the API (or another host) than the one below
 * its `baseUrl`, grouped by trick. Most are built from parts (a dot form × a `;` parameter × a
 * position), so each group covers the spellings a server, a servlet container or a proxy on the
 * way would treat alike. Every value is a plain string as `callApi` receives it.
 */
const cross = (prefixes: readonly string[], suffixes: readonly string[]) =>
  prefixes.flatMap((p) => suffixes.map((s) => `${p}${s}`));

/** `.` as it is, percent-encoded in either case, and encoded again (`%25`) once and twice. */
const DOT = ['.', '%2e', '%2E', '%252e', '%25252E'];
/** `.` and `..` in every mix of those spellings. */
const DOT_SEGMENTS = [...DOT, ...cross(DOT, DOT)];
/** Path parameters (RFC 3986 §3.3 leaves `;` to the scheme; servlet containers drop them), also encoded. */
const PARAMETERS = ['', ';', ';x=1', ';jsessionid=0', '%3b', '%3Bx=1', '%253b'];
/**
 * Where the segment stands: first, between others, last, before a query. Taken in turn, so each
 * dot form and each parameter stands in every position.
 */
const POSITIONS = [
  (s: string) => `${s}/admin`,
  (s: string) => `orders/${s}/${s}/internal/secrets`,
  (s: string) => `orders/${s}`,
  (s: string) => `/${s}?x=1`,
];
const dotSegments = cross(DOT_SEGMENTS, PARAMETERS).map((segment, i) => POSITIONS[i % POSITIONS.length]!(segment));

/** `/` and `\` percent-encoded in either case, once, twice and three times. */
const SEPARATORS = ['%2f', '%2F', '%252f', '%252F', '%25252f', '%5c', '%5C', '%255c', '%255C', '%25255c'];
const SEPARATOR_SHAPES = [
  (s: string) => `..${s}admin`,
  (s: string) => `.${s}..${s}admin`,
  (s: string) => `orders${s}..${s}..${s}admin`,
  (s: string) => `${s}admin`,
  (s: string) => `..;${s}admin`,
  (s: string) => `orders/a${s}b`,
];
const encodedSeparators = SEPARATORS.flatMap((s) => SEPARATOR_SHAPES.map((shape) => shape(s)));

/** Raw backslashes (the URL Standard reads `\` as `/`) and controls (it strips tabs and newlines). */
const backslashesAndControls = [
  '..\\admin',
  'orders\\..\\..\\admin',
  '\\admin',
  'orders/a\\b',
  '.\\..\\admin',
  '..\t/admin',
  '.\t./admin',
  '.\n./admin',
  '..\r;/admin',
  '.\u0000./admin',
  'orders/..\u0001',
  'orders/..\u007f/admin',
  '..%00/admin',
  '..%09/admin',
  '%2e%2e%0a/admin',
  '..%2500/admin',
];

/** A `%` that starts no escape, escapes that are not UTF-8 (overlong `.` and `/` included). */
const malformed = [
  '%',
  'orders/%',
  'orders/%2',
  '%zz/admin',
  '..%',
  '%%2e%2e/admin',
  '%u002e%u002e/admin',
  '%c0%ae%c0%ae/admin',
  '%C0%AE%C0%AE;/admin',
  '..%c0%afadmin',
  '%e0%80%ae%e0%80%ae/admin',
  '..%ff/admin',
  '%252e%c0%2e/admin',
];

/** `%25` nested beyond what any API needs, and `;` parameters that only decoding reveals. */
const nested = [
  '%252525252e%252525252e/admin',
  '%2525252525252e/admin',
  'orders/%25252525252f',
  '%2e%2e%253bx=1/admin',
  '%252e%252e%25253b/admin',
  '.%2e%3B%2F..%3B/admin',
];

/** Every path `callApi` must refuse before anything is sent, in named groups. */
export const DOWNSTREAM_PATH_PAYLOADS: readonly PayloadGroup[] = [
  { name: 'dot segments (with ; parameters, percent-encoded)', payloads: dotSegments },
  { name: 'percent-encoded slashes and backslashes', payloads: encodedSeparators },
  { name: 'backslashes and control characters', payloads: backslashesAndControls },
  { name: 'malformed and non-UTF-8 escapes', payloads: malformed },
  { name: 'nested percent-encoding', payloads: nested },
];

/** Paths that must keep working, each with the path and query the API receives below `/v1`. */
export const DOWNSTREAM_PATHS_ACCEPTED: readonly (readonly [path: string, sent: string])[] = [
  ['orders/42', '/v1/orders/42'],
  ['/orders/42?page=2&q=a b', '/v1/orders/42?page=2&q=a%20b'],
  ['', '/v1/'],
  ['orders;v=2/42', '/v1/orders;v=2/42'],
  ['orders/42;format=json', '/v1/orders/42;format=json'],
  ['orders%3Bv=2/42', '/v1/orders%3Bv=2/42'],
  ['files/a%20b.txt', '/v1/files/a%20b.txt'],
  ['files/a b.txt', '/v1/files/a%20b.txt'],
  ['files/report..final.pdf', '/v1/files/report..final.pdf'],
  ['files/..hidden', '/v1/files/..hidden'],
  ['.well-known/openid-configuration', '/v1/.well-known/openid-configuration'],
  ['users/%C3%BC', '/v1/users/%C3%BC'],
  ['users/ü', '/v1/users/%C3%BC'],
  ['discounts/100%25', '/v1/discounts/100%25'],
  ['discounts/100%2525', '/v1/discounts/100%2525'],
  ['%7Euser/x', '/v1/%7Euser/x'],
  ['a%2Cb', '/v1/a%2Cb'],
  ['user@example.com/x', '/v1/user@example.com/x'],
  ['search?q=../..%2f..;x', '/v1/search?q=../..%2f..;x'],
  ['search?next=//evil.example', '/v1/search?next=//evil.example'],
];
