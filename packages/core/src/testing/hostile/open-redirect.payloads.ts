/**
 * `returnTo` values that try to turn a sign-in or sign-out redirect into a jump to another site,
 * grouped by trick. Most are built from parts (a prefix trick × a target), so each group covers
 * the spellings a browser would treat alike. Every value is a plain string as the app receives it
 * after query or form decoding; the senders encode it.
 */
export interface PayloadGroup {
  /** What the group tries (dot segments, encodings, ...). */
  readonly name: string;
  /** The `returnTo` values. */
  readonly payloads: readonly string[];
}

const HOST = 'evil.example';
const cross = (prefixes: readonly string[], suffixes: readonly string[]) =>
  prefixes.flatMap((p) => suffixes.map((s) => `${p}${s}`));

/** `.` and `..` segments, plain and percent-encoded (once and twice), collapsing onto `//host`. */
const DOT_PREFIXES = ['/.', '/..', '/a/..', '/a/b/../..', '/./.', '/%2e', '/%2E', '/%2e%2e', '/%2E%2e'];
const DOT_MORE = ['/.%2E', '/%2e.', '/a/%2e%2e', '/%252e', '/%252e%252e', '/..;', '/a/.%2e/.'];
const DOT_TARGETS = [`//${HOST}`, `//${HOST}/x`, `/\\${HOST}`, `/%2f${HOST}`, `///${HOST}`];

/** `/`, `\`, `.` and `:` percent-encoded once and twice, in every place that could form a host. */
const SLASHES = ['%2f', '%2F', '%252f', '%252F'];
const BACKSLASHES = ['%5c', '%5C', '%255c'];
const COLONS = ['%3a', '%3A', '%253a'];
const encodings = [
  ...SLASHES.flatMap((s) => [`/${s}${HOST}`, `/${s}/${HOST}`, `${s}${s}${HOST}`, `/${s}${s}${HOST}`]),
  ...BACKSLASHES.flatMap((b) => [`/${b}${HOST}`, `/${b}/${HOST}`, `${b}${b}${HOST}`, `/${b}${b}${HOST}`]),
  ...COLONS.flatMap((c) => [`https${c}//${HOST}`, `/https${c}//${HOST}`, `javascript${c}alert(1)`, `//${HOST}${c}443`]),
  `%2e%2e//${HOST}`,
  `%252f%252f${HOST}`,
];

const backslashes = [
  `/\\${HOST}`,
  `\\/${HOST}`,
  `\\\\${HOST}`,
  `/\\/${HOST}`,
  `//\\${HOST}`,
  `\\${HOST}`,
  `/\\\\${HOST}`,
  `/x/..\\/${HOST}`,
  `/%5c${HOST}`,
  `/%5C%5C${HOST}`,
];

/** Control characters a browser strips (tab, LF, CR) or that end strings (NUL), in every position. */
const CONTROLS = ['\t', '\n', '\r', '\u0000', '\u000b', '\u000c', '\u001f', '\u007f'];
const controls = [
  ...CONTROLS.flatMap((c) => [`/${c}/${HOST}`, `${c}//${HOST}`, `/${c}\\${HOST}`, `//${c}${HOST}`, `/ok${c}`]),
  ...['%09', '%0a', '%0A', '%0d%0a', '%00'].map((e) => `/${e}/${HOST}`),
  `/%0d%0aSet-Cookie:%20x=1`,
  `/\r\nLocation: https://${HOST}`,
];

/** Characters that look like `/`, `\` or `.` but are not, raw and percent-encoded as UTF-8. */
const LOOKALIKES = ['\uff0f', '\u2215', '\u2044', '\u29f8', '\uff3c', '\u2216', '\ufe68', '\u29f5'];
const DOTS = ['\u3002', '\uff0e', '\uff61'];
const unicode = [
  ...LOOKALIKES.flatMap((u) => [`/${u}${HOST}`, `${u}${u}${HOST}`, `/${u}/${HOST}`, `https:${u}${u}${HOST}`]),
  ...DOTS.flatMap((d) => [`//evil${d}example`, `/${d}${d}//${HOST}`, `/${d}/`]),
  `/%EF%BC%8F${HOST}`,
  `/%E2%88%95%E2%88%95${HOST}`,
  '//\uff45\uff56\uff49\uff4c.example',
  '/\uff0f\uff45\uff56\uff49\uff4c.example',
];

const userinfo = [
  `/@${HOST}`,
  `//user@${HOST}`,
  `//user:pass@${HOST}`,
  `/%40${HOST}`,
  `/user@${HOST}`,
  `@${HOST}`,
  `//localhost:3000@${HOST}`,
  `https://localhost:3000@${HOST}`,
  `http://localhost:3000\\@${HOST}`,
  `/@/${HOST}`,
  `/\\@${HOST}`,
  `//%40${HOST}`,
];

const schemes = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'javascript://%0aalert(1)',
  `https://${HOST}`,
  `HTTPS:${HOST}`,
  `http:${HOST}`,
  `https:/${HOST}`,
  `https:\\\\${HOST}`,
  `https:///${HOST}`,
  `//${HOST}`,
  `///${HOST}`,
  `////${HOST}`,
  'data:text/html,<script>alert(1)</script>',
  'data:,x',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  `ftp://${HOST}`,
  `ws://${HOST}`,
  `blob:https://${HOST}/x`,
  `mailto:x@${HOST}`,
  `http://localhost:3000.${HOST}/`,
  'http://localhost:3000/same-origin-but-absolute',
  '/javascript:alert(1)',
];

const WHITESPACE = [' ', '  ', '\t', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b'];
const whitespace = cross(WHITESPACE, [`//${HOST}`, `/\\${HOST}`, `https://${HOST}`, '/ok']);

const long = [
  `/${'a'.repeat(2047)}`,
  `/${'a'.repeat(2048)}`,
  `/${'a'.repeat(5000)}`,
  // Short enough raw, nine or six times longer once percent-encoded (and still within the
  // 16 KiB request line a Node server accepts).
  `/${'é'.repeat(1000)}`,
  `/${'é'.repeat(2047)}`,
  `/${'\u4e2d'.repeat(1000)}`,
  `/${'\u4e2d'.repeat(1700)}`,
  `/x?${'q'.repeat(2000)}`,
  `${'/..'.repeat(600)}//${HOST}`,
  `/${'./'.repeat(500)}/${HOST}`,
  `/${'%2e%2e/'.repeat(200)}/${HOST}`,
  '/a'.repeat(1024),
];

const queryAndFragment = [
  `/?next=//${HOST}`,
  `/?next=https://${HOST}`,
  `/?//${HOST}`,
  `/?@${HOST}`,
  `/#//${HOST}`,
  `/#https://${HOST}`,
  `/#/\\${HOST}`,
  `?//${HOST}`,
  `#//${HOST}`,
  '/path?x=1#frag',
  '/#',
  '/?',
];

/** Values that must keep working: each is a same-origin path. */
const legitimate = ['/', '/me', '/a/b?c=d#e', '/%E2%9C%93', '/\u00fcn\u00efc\u00f6d\u00e9', '/a/./b/../c', '/%2e%2e/x'];

/** Every `returnTo` value that must be refused as an open redirect, in named groups. */
export const OPEN_REDIRECT_PAYLOADS: readonly PayloadGroup[] = [
  { name: 'dot segments', payloads: cross([...DOT_PREFIXES, ...DOT_MORE], DOT_TARGETS) },
  { name: 'percent-encodings', payloads: encodings },
  { name: 'backslashes', payloads: backslashes },
  { name: 'control characters', payloads: controls },
  { name: 'unicode lookalikes', payloads: unicode },
  { name: 'userinfo', payloads: userinfo },
  { name: 'schemes and network paths', payloads: schemes },
  { name: 'whitespace prefixes', payloads: whitespace },
  { name: 'long values', payloads: long },
  { name: 'queries and fragments', payloads: queryAndFragment },
  { name: 'same-origin paths', payloads: legitimate },
];
