import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateReturnTo } from '../../src/http/return-to.js';

const ORIGIN = 'http://localhost:3000';

// Pieces that change how a URL parser reads a path: slashes and their encodings, dot segments,
// lookalike characters, controls, and characters that percent-encode to several times their length.
const piece = fc.oneof(
  fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2F', '%5c', '%252f', '@', ':', '?', '#', '\t', '\n', '\u0000'),
  fc.constantFrom('\uff0f', '\u2215', '\u3002', 'é', '\u4e2d', '\u{1f600}', ' ', 'evil.example', 'https:'),
  fc.string({ maxLength: 6 }),
);
const candidate = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
  fc
    .tuple(fc.constantFrom('é', '\u4e2d', 'a', '%2e'), fc.integer({ min: 200, max: 2100 }))
    .map(([c, n]) => `/${c.repeat(n)}`),
);

function accepted(value: string): string | null {
  try {
    return validateReturnTo(value, ORIGIN);
  } catch {
    return null;
  }
}

describe('validateReturnTo (property)', () => {
  it('returns only same-origin paths, and accepts each of them again unchanged', () => {
    fc.assert(
      fc.property(candidate, (value) => {
        const path = accepted(value);
        if (path === null) return;
        expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
        expect(path).toMatch(/^\/(?![/\\])/);
        // What `/sign-out` stores must pass again when `/signed-out` reads it back.
        expect(validateReturnTo(path, ORIGIN)).toBe(path);
      }),
      { numRuns: 3000 },
    );
  });
});
