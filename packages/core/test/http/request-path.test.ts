import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outsideBasePath, sentAsParsed } from '../../src/http/request-path.js';

const ORIGIN = 'https://app.example';
const BASE = '/auth';

/** What the auth routes are matched on: the path as the WHATWG URL parser reads it. */
function underBase(rawPath: string): boolean {
  const path = new URL(`${ORIGIN}${rawPath}`).pathname;
  return path === BASE || path.startsWith(`${BASE}/`);
}

// Pieces that make a URL parser rewrite a path: dot segments and their escapes, backslashes,
// controls, characters it percent-encodes, and the base path itself.
const piece = fc.oneof(
  fc.constantFrom(
    '/',
    '//',
    '.',
    '..',
    '/.',
    '/..',
    '%2e',
    '%2E',
    '%2f',
    '\\',
    '\t',
    '\n',
    ' ',
    '"',
    '{',
    'é',
    '#',
    '?',
  ),
  fc.constantFrom('auth', '/auth', 'sign-in', 'x', 'a.b', '%61uth', 'AUTH', '~', ':', '@', ';', '='),
  fc.string({ maxLength: 4 }),
);
const rawPath = fc.array(piece, { minLength: 1, maxLength: 10 }).map((parts) => `/${parts.join('')}`);

describe('outsideBasePath: passing over app requests without parsing a URL', () => {
  it.each([
    ['/hello', true],
    ['/favicon.ico', true],
    ['/api/v1.2/orders', true],
    ['/authors', true],
    ['/auth', false],
    ['/auth/sign-in', false],
  ])('%s: outside is %s', (path, outside) => {
    expect(outsideBasePath(path, BASE)).toBe(outside);
  });

  it.each([
    '/x/../auth/sign-in',
    '/x/%2e%2e/auth/sign-in',
    '/./auth/sign-in',
    '/x/..%2fauth',
    '/x\\..\\auth\\sign-in',
    '/a\t/../auth/callback',
    '/.well-known/../auth/sign-in',
  ])('leaves %s to the URL parser (it may reach an auth route)', (path) => {
    expect(outsideBasePath(path, BASE)).toBe(false);
  });

  it('never passes over a path the URL parser puts under the base path', () => {
    fc.assert(
      fc.property(rawPath, (path) => {
        if (outsideBasePath(path, BASE)) expect(underBase(path)).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('sentAsParsed: auth routes only on the path the request sent', () => {
  it.each([
    ['/auth/sign-in', '/auth/sign-in', true],
    ['http://app.example/auth/sign-in', '/auth/sign-in', true],
    ['https://app.example:8443/auth/callback', '/auth/callback', true],
    ['/x/../auth/sign-in', '/auth/sign-in', false],
    ['/x/%2e%2e/auth/sign-in', '/auth/sign-in', false],
    ['/%2e/auth/back-channel-logout', '/auth/back-channel-logout', false],
    ['/./auth/sign-in', '/auth/sign-in', false],
    ['/x\\..\\auth\\sign-in', '/auth/sign-in', false],
    ['http://app.example/x/../auth/sign-in', '/auth/sign-in', false],
    ['http://app.example', '/', false],
  ])('%s read as %s: %s', (raw, parsed, same) => {
    expect(sentAsParsed(raw, parsed)).toBe(same);
  });

  it('holds for every raw path the URL parser leaves as it is', () => {
    fc.assert(
      fc.property(rawPath, (path) => {
        const parsed = new URL(`${ORIGIN}${path}`).pathname;
        expect(sentAsParsed(path, parsed)).toBe(path === parsed);
      }),
      { numRuns: 5_000 },
    );
  });
});
