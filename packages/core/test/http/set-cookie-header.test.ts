import { describe, expect, it } from 'vitest';
import { setCookieHeader } from '../../src/http/set-cookie-header.js';
import type { CookieOptions } from '../../src/http/types.js';

const options: CookieOptions = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: 600 };

describe('setCookieHeader', () => {
  it('writes the attributes the core decided, Max-Age in seconds', () => {
    expect(setCookieHeader({ name: '__Host-iw.session', value: 'abc.DEF-_', options })).toBe(
      '__Host-iw.session=abc.DEF-_; Path=/; Max-Age=600; SameSite=Lax; HttpOnly; Secure',
    );
    expect(
      setCookieHeader({
        name: 'n',
        value: 'v',
        options: { ...options, secure: false, httpOnly: false, sameSite: 'None' },
      }),
    ).toBe('n=v; Path=/; Max-Age=600; SameSite=None');
  });

  it('deletes with Max-Age=0 and a date in the past', () => {
    expect(setCookieHeader({ name: 'n', value: '', options: { ...options, maxAge: 0 } })).toBe(
      'n=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax; HttpOnly; Secure',
    );
  });

  it('percent-encodes whatever is not a cookie-octet, so no value can add an attribute or a cookie', () => {
    const header = setCookieHeader({ name: 'n', value: 'a; Domain=evil.example, b="c" %€\\', options });
    expect(header.startsWith('n=a%3B%20Domain=evil.example%2C%20b=%22c%22%20%25%E2%82%AC%5C; Path=/;')).toBe(true);
    expect(decodeURIComponent(header.slice(2, header.indexOf('; Path')))).toBe('a; Domain=evil.example, b="c" %€\\');
  });
});
