import { describe, expect, it } from 'vitest';
import { validateReturnTo } from '../../src/http/return-to.js';

const ORIGIN = 'https://app.example';

describe('validateReturnTo', () => {
  it('keeps same-origin paths with query and fragment', () => {
    expect(validateReturnTo('/orders?id=1#top', ORIGIN)).toBe('/orders?id=1#top');
    expect(validateReturnTo(null, ORIGIN)).toBe('/');
    expect(validateReturnTo('/a/../b', ORIGIN)).toBe('/b');
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
  ])('rejects %j', (value) => {
    expect(() => validateReturnTo(value, ORIGIN)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to', status: 400 }),
    );
  });
});
