import fc from 'fast-check';

/** Bodies the auth routes accept are at most this large (64 KiB); the sizes below straddle it. */
export const BODY_LIMIT = 64 * 1024;

/**
 * A value the world holds, resolved when the request is sent: a real session cookie, sealed
 * sign-in and sign-out state, a logout token signed by another key. Kept symbolic so a shrunk
 * counterexample replays against the current values, and reads well when printed.
 */
export interface Ref {
  readonly ref: 'session' | 'transaction' | 'signOutState' | 'foreignLogoutToken';
  readonly tamper: 'none' | 'flip' | 'truncate' | 'append' | 'twice';
}
export type Text = string | Ref;

/** Pieces that break parsers: bad percent-encoding, invalid UTF-8, separators, quotes, markup. */
const RAW_PIECES = [
  '%',
  '%z',
  '%zz',
  '%0',
  '%00',
  '%2',
  '%C3%28',
  '%E2%82',
  '%ED%A0%80',
  '%F0%9F%98',
  '%FF%FE',
  '%25',
  '%2525',
  '+',
  '&',
  '=',
  '==',
  ';',
  ',',
  '"',
  "'",
  '<script>x</script>',
  '\u0000',
  '\\',
  '/',
  '//',
  '../',
  '%2e%2e/',
  'é',
  '\u{1f600}',
  '\ufeff',
  ' ',
  '?',
  '#',
  '\r\n',
  '\t',
  '[]',
  '[0]',
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  '//evil.example',
  '0',
  '-1',
  '1e999',
];

const join = (parts: readonly string[]) => parts.join('');

/** Long values: around the returnTo bound, a cookie's, the sealed-record cap, and past the body limit. */
export const huge = fc
  .tuple(fc.constantFrom(2049, 4097, 16_385, 70_000), fc.constantFrom('a', '%', '%2F', 'é', '0', '&x='))
  .map(([size, unit]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size));

/**
 * Any Unicode scalar value (every code point but the surrogate halves) as a string: the values
 * of fast-check's `unit: 'binary'`, which builds a table of every code point the first time it is
 * used (0.6 s, paid by every test file that loads `@identity-web/core/testing`). One range with
 * the surrogates skipped, so a failure shrinks towards U+0000; the unmapper lets `fc.string`
 * split known strings into units, so it still mixes in its own hostile keys (`toString`,
 * `valueOf`, `__proto__`, ...).
 */
const SURROGATES = 0x800;
const scalar = fc.integer({ min: 0, max: 0x10ffff - SURROGATES }).map(
  (n) => String.fromCodePoint(n < 0xd800 ? n : n + SURROGATES),
  (value) => {
    const code = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (code === undefined || String.fromCodePoint(code) !== value || (code >= 0xd800 && code < 0xe000)) {
      throw new Error('not one Unicode scalar value');
    }
    return code < 0xd800 ? code : code - SURROGATES;
  },
);

/** Raw text for a query string or a form body (not encoded: the pieces stay as they are). */
export const rawText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...RAW_PIECES), fc.string({ maxLength: 8, unit: scalar })), { maxLength: 6 })
      .map(join),
  },
  { weight: 1, arbitrary: huge },
);

/** What a header may carry: Latin-1 without CR, LF or NUL (anything else cannot be sent at all). */
const headerChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
  .map((code) => String.fromCharCode(code));
export const headerText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: headerChar, maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '"', '""', '\\', ';', ',', '=', 'null', '') },
  { weight: 1, arbitrary: fc.constantFrom(4097, 16_385).map((n) => 'a'.repeat(n)) },
);

/** Cookie values that look like ours: signed ids, sealed records, and the real ones, tampered. */
const lookalike = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
  fc.stringMatching(/^v1\.[A-Za-z0-9_-]{4,12}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{20,80}$/),
  fc.constantFrom('v1....', 'v1.a.b.c.d', '.', 'x.', '.x'),
);
export const ref: fc.Arbitrary<Ref> = fc.record({
  ref: fc.constantFrom('session', 'transaction', 'signOutState', 'foreignLogoutToken'),
  tamper: fc.constantFrom('none', 'flip', 'truncate', 'append', 'twice'),
});
export const cookieValue: fc.Arbitrary<Text> = fc.oneof(
  { weight: 4, arbitrary: ref },
  { weight: 3, arbitrary: headerText },
  { weight: 2, arbitrary: lookalike },
);

/** `name=value` pieces of a query string or form; names repeat on purpose. */
export function params(names: readonly string[], value: fc.Arbitrary<string> = rawText): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: rawText });
  const pair = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
    { weight: 1, arbitrary: name },
  );
  return fc
    .tuple(fc.array(pair, { maxLength: 6 }), fc.constantFrom('&', '&', '&', '&&', ';'))
    .map(([pairs, sep]) => pairs.join(sep));
}

/** The same text with one character changed, cut short, lengthened or doubled. */
export function tamper(value: string, how: Ref['tamper']): string {
  const middle = Math.floor(value.length / 2);
  switch (how) {
    case 'none':
      return value;
    case 'flip':
      return `${value.slice(0, middle)}${value[middle] === 'A' ? 'B' : 'A'}${value.slice(middle + 1)}`;
    case 'truncate':
      return value.slice(0, -3);
    case 'append':
      return `${value}A`;
    case 'twice':
      return `${value}${value}`;
  }
}
