import { describe, expect, it } from 'vitest';
import { validateReturnTo } from '../../src/http/return-to.js';

const ORIGIN = 'https://app.example';

describe('validateReturnTo', () => {
  it('keeps same-origin paths with query and fragment', () => {
    expect(validateReturnTo('/orders?id=1#top', ORIGIN)).toBe('/orders?id=1#top');
    expect(validateReturnTo(null, ORIGIN)).toBe('/');
    expect(validateReturnTo('/a/../b', ORIGIN)).toBe('/b');
  });

  it('keeps encoded slashes as path characters: a browser never reads them as an authority', () => {
    expect(validateReturnTo('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
    expect(validateReturnTo('/%5Cevil.example', ORIGIN)).toBe('/%5Cevil.example');
    expect(validateReturnTo('/\uFF0F\uFF0Fevil.example', ORIGIN)).toBe('/%EF%BC%8F%EF%BC%8Fevil.example');
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ok\u0000',
    'relative',
    `/${'a'.repeat(3000)}`,
    // Dot segments that URL parsing removes, leaving a network-path reference behind.
    '/.//evil.example/x',
    '/%2e//evil.example/x',
    '/%2E//evil.example/x',
    '/a/..//evil.example/x',
    '/%2e%2e//evil.example/x',
    '/a/%2e%2e//evil.example/x',
    '/./\\evil.example',
  ])('rejects %j', (value) => {
    expect(() => validateReturnTo(value, ORIGIN)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to', status: 400 }),
    );
  });
});
