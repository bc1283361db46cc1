import { describe, expect, it } from 'vitest';
import { isSafePath, validateReturnTo } from '../../src/http/return-to.js';

// Each open-redirect layer of validateReturnTo, with an input that only that layer stops: the
// URL parser would turn every one of them into an innocent-looking path if the layer went away.

const ORIGIN = 'https://app.example';

function refused(value: string) {
  expect(() => validateReturnTo(value, ORIGIN), JSON.stringify(value)).toThrow(
    expect.objectContaining({
      code: 'invalid_return_to',
      status: 400,
      message: 'returnTo must be a path on this site',
    }),
  );
}

describe('validateReturnTo layer by layer', () => {
  it('falls back for a missing or empty value, to the fallback given', () => {
    expect(validateReturnTo(undefined, ORIGIN, '/home')).toBe('/home');
    expect(validateReturnTo(null, ORIGIN, '/home')).toBe('/home');
    expect(validateReturnTo('', ORIGIN, '/home')).toBe('/home');
    expect(validateReturnTo('/', ORIGIN, '/home')).toBe('/');
  });

  it('input length: 2,048 characters pass, one more does not', () => {
    const longest = `/${'a'.repeat(2047)}`;
    expect(validateReturnTo(longest, ORIGIN)).toBe(longest);
    refused(`/${'a'.repeat(2048)}`);
    // The bound is on what the client sends, not only on what comes out: 2,050 characters of dot
    // segments that normalize to `/x` are still refused.
    refused(`/${'./'.repeat(1024)}x`);
  });

  it('result length: input that percent-encoding blows past 2,048 characters is refused', () => {
    // 342 characters in, 2,047 out: still fine.
    expect(validateReturnTo(`/${'é'.repeat(341)}`, ORIGIN)).toHaveLength(2047);
    refused(`/${'é'.repeat(400)}`);
  });

  it('leading slash: a relative path would resolve under the current page, not where we say', () => {
    refused('relative');
    refused('orders?id=1');
  });

  it('controls in the input: browsers drop or encode them, so the check must see the raw value', () => {
    for (const c of ['\u0000', '\u0009', '\u000a', '\u000d', '\u001f', '\u007f']) refused(`/ok${c}x`);
    // The space is the first character that is not a control; it only gets encoded.
    expect(validateReturnTo('/a b', ORIGIN)).toBe('/a%20b');
    expect(validateReturnTo('/a~b', ORIGIN)).toBe('/a~b');
  });

  it('backslashes in the input: browsers read them as slashes', () => {
    refused('/a\\b');
    refused('/a?x=\\');
  });

  it('origin: a network-path reference that resolves to another host is refused', () => {
    refused('//evil.example');
    refused('//evil.example/');
    refused('///evil.example');
  });

  it('a value the URL parser cannot read is refused, not thrown as a crash', () => {
    refused('//[');
    refused('//a b');
  });

  it('dot segments are resolved before the decision, so the normalized path is what comes back', () => {
    expect(validateReturnTo('/a/./b/../c?q=1#f', ORIGIN)).toBe('/a/c?q=1#f');
    refused('/a/..//evil.example');
  });

  it('safe path, on its own: a normalized path is refused unless it can only be read as a path here', () => {
    // What the parser would leave behind if the input checks or the re-resolution check were
    // gone; this layer alone must still refuse each of them.
    for (const path of [
      '//evil.example',
      '//evil.example/x',
      '/\\evil.example',
      '/a\\b',
      'evil.example',
      '',
      '/ok\u0000',
    ]) {
      expect(isSafePath(path), JSON.stringify(path)).toBe(false);
    }
    for (const path of ['/', '/a', '/a/b?c=//d#//e', '/%2F%2Fevil.example']) {
      expect(isSafePath(path), JSON.stringify(path)).toBe(true);
    }
  });
});
