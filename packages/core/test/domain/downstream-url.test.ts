import { describe, expect, it } from 'vitest';
import { resolveDownstreamUrl } from '../../src/domain/downstream-url.js';
import {
  DOWNSTREAM_PATH_PAYLOADS,
  DOWNSTREAM_PATHS_ACCEPTED,
} from '../../src/testing/hostile/downstream-path.payloads.js';

describe('resolveDownstreamUrl', () => {
  const base = new URL('https://api.example.com/v1');

  it.each([
    ['orders/42', 'https://api.example.com/v1/orders/42'],
    ['/orders/42?page=2&q=a b', 'https://api.example.com/v1/orders/42?page=2&q=a%20b'],
    ['', 'https://api.example.com/v1/'],
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

  it('refuses a dot segment that would stay inside the base instead of resolving it (a/../b is not b)', () => {
    for (const path of ['a/../b', 'a/./b', './b', 'a/b/..']) {
      expect(() => resolveDownstreamUrl(base, path), path).toThrow(
        expect.objectContaining({ code: 'invalid_argument', option: 'path' }),
      );
    }
  });

  it('refuses the ;-parameter and encoded-slash forms servlet containers resolve to another path', () => {
    for (const path of ['..;/admin', '..;/..;/internal/secrets', '..%2fadmin', '..%2Fadmin', '..%5cadmin']) {
      expect(() => resolveDownstreamUrl(base, path), path).toThrow(
        expect.objectContaining({ code: 'invalid_argument', option: 'path' }),
      );
    }
  });

  describe('the hostile path corpus', () => {
    it('holds at least 100 distinct paths', () => {
      expect(new Set(DOWNSTREAM_PATH_PAYLOADS.flatMap((g) => g.payloads)).size).toBeGreaterThanOrEqual(100);
    });

    for (const group of DOWNSTREAM_PATH_PAYLOADS) {
      it(`refuses every path of "${group.name}"`, () => {
        const accepted: string[] = [];
        for (const path of group.payloads) {
          try {
            accepted.push(`${JSON.stringify(path)} → ${resolveDownstreamUrl(base, path).href}`);
          } catch (error) {
            expect(error, JSON.stringify(path)).toMatchObject({ code: 'invalid_argument', option: 'path' });
          }
        }
        expect(accepted).toEqual([]);
      });
    }

    it('keeps the paths that must work, as they were given', () => {
      for (const [path, sent] of DOWNSTREAM_PATHS_ACCEPTED) {
        expect(resolveDownstreamUrl(base, path).href, JSON.stringify(path)).toBe(`https://api.example.com${sent}`);
      }
    });
  });
});
