import { describe, expect, it } from 'vitest';
import { isCompactJwt } from '../../src/crypto/compact-jwt.js';
import { toBase64Url, utf8 } from '../../src/crypto/encoding.js';

// What tells a body that is no signed JWT (RFC 8935 §2.4: invalid_request) from a token whose key or
// signature fails (invalid_key): three base64url parts, a JSON-object header naming an `alg`, a
// JSON-object payload, and a signature part that is not empty. Nothing is verified.
const part = (text: string) => toBase64Url(utf8.encode(text));
const bytes = (...b: number[]) => toBase64Url(new Uint8Array(b));
const HEADER = part('{"alg":"ES256","typ":"secevent+jwt"}');
const PAYLOAD = part('{"iss":"https://t.example"}');

describe('isCompactJwt', () => {
  it('is true for three base64url parts: an object header with an alg, an object payload, a signature', () => {
    expect(isCompactJwt(`${HEADER}.${PAYLOAD}.c2ln`)).toBe(true);
    expect(isCompactJwt(`${part('{"alg":"none"}')}.${part('{}')}.x`)).toBe(true);
  });

  it.each([
    ['one part', 'not-a-jwt'],
    ['two parts', `${HEADER}.${PAYLOAD}`],
    ['four parts', `${HEADER}.${PAYLOAD}.c2ln.c2ln`],
    ['an empty signature', `${HEADER}.${PAYLOAD}.`],
    ['an empty header', `.${PAYLOAD}.c2ln`],
    ['an empty payload', `${HEADER}..c2ln`],
    ['a header that is not base64url', `${HEADER}!.${PAYLOAD}.c2ln`],
    ['a payload that is not base64url', `${HEADER}.${PAYLOAD}*.c2ln`],
    ['a header that is not JSON', `${part('not json')}.${PAYLOAD}.c2ln`],
    ['a header that is JSON null', `${part('null')}.${PAYLOAD}.c2ln`],
    ['a header that is a JSON array', `${part('[{"alg":"ES256"}]')}.${PAYLOAD}.c2ln`],
    ['a header that is a JSON string', `${part('"ES256"')}.${PAYLOAD}.c2ln`],
    ['a header without alg', `${part('{"typ":"secevent+jwt"}')}.${PAYLOAD}.c2ln`],
    ['a header whose alg is no string', `${part('{"alg":256}')}.${PAYLOAD}.c2ln`],
    ['a payload that is JSON null', `${HEADER}.${part('null')}.c2ln`],
    ['a payload that is a JSON array', `${HEADER}.${part('[1]')}.c2ln`],
    ['a payload that is a JSON string', `${HEADER}.${part('"claims"')}.c2ln`],
    ['a payload that is a JSON number', `${HEADER}.${part('42')}.c2ln`],
    ['a payload that is not JSON', `${HEADER}.${part('{"iss":')}.c2ln`],
  ])('is false for %s', (_name, text) => {
    expect(isCompactJwt(text)).toBe(false);
  });

  it('is false for a header or payload that is not UTF-8, even where a lenient decoder would read JSON', () => {
    // {"alg":"ES256","x":"<0xff>"}: a replacement character would make it a JSON object.
    const invalidUtf8 = bytes(...utf8.encode('{"alg":"ES256","x":"'), 0xff, ...utf8.encode('"}'));
    expect(isCompactJwt(`${invalidUtf8}.${PAYLOAD}.c2ln`)).toBe(false);
    expect(isCompactJwt(`${HEADER}.${invalidUtf8}.c2ln`)).toBe(false);
  });
});
