import { describe, expect, it } from 'vitest';
import { resolveDownstreamUrl } from '../../src/domain/downstream-url.js';

describe('resolveDownstreamUrl', () => {
  const base = new URL('https://api.example.com/v1');

  it.each([
    ['orders/42', 'https://api.example.com/v1/orders/42'],
    ['/orders/42?page=2&q=a b', 'https://api.example.com/v1/orders/42?page=2&q=a%20b'],
    ['', 'https://api.example.com/v1/'],
    ['a/../b', 'https://api.example.com/v1/b'],
    ['user@evil.test/x', 'https://api.example.com/v1/user@evil.test/x'],
  ])('puts %j below the base', (path, expected) => {
    expect(resolveDownstreamUrl(base, path).href).toBe(expected);
  });

  it('works with a base at the root and a base with a trailing slash', () => {
    expect(resolveDownstreamUrl(new URL('https://api.example.com'), '/x').href).toBe('https://api.example.com/x');
    expect(resolveDownstreamUrl(new URL('https://api.example.com/v1/'), 'x').href).toBe('https://api.example.com/v1/x');
  });

  it.each([
    'https://evil.test/x',
    'HTTP://api.example.com/v1/x',
    'javascript:alert(1)',
    '//evil.test/x',
    '\\\\evil.test/x',
    '/\\evil.test/x',
    '..',
    '../v2/x',
    '/a/../../v2',
    '%2e%2e/v2',
    '.%2E/v2',
    '..\\v2',
  ])('refuses %j, naming the argument', (path) => {
    expect(() => resolveDownstreamUrl(base, path)).toThrow(
      expect.objectContaining({ code: 'invalid_argument', option: 'path' }),
    );
  });

  it('refuses a sibling path that only starts like the base (/v1 is not /v10)', () => {
    expect(() => resolveDownstreamUrl(base, '../v10/x')).toThrow(expect.objectContaining({ option: 'path' }));
  });
});
