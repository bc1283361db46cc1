import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailKey } from '../../src/domain/email-key.js';

/** The same address but for the case of its ASCII letters. */
function sameButAsciiCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(isAsciiLetter(x) && (x ^ 0x20) === y)) return false;
  }
  return true;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

describe('emailKey', () => {
  it('folds the case of ASCII letters only', () => {
    expect(emailKey('Ann.Lee+Tag@Example.COM')).toBe('ann.lee+tag@example.com');
    expect(emailKey('ÅSA@Example.com')).toBe('Åsa@example.com');
  });

  it.each([
    ['KELVIN SIGN', '\u212Aelvin@example.com', 'kelvin@example.com'],
    ['ANGSTROM SIGN', '\u212Bsa@example.com', '\u00E5sa@example.com'],
    ['ANGSTROM SIGN against Å', '\u212Bsa@example.com', '\u00C5sa@example.com'],
    ['OHM SIGN', '\u2126mega@example.com', '\u03C9mega@example.com'],
    ['DOTTED CAPITAL I', '\u0130van@example.com', 'i\u0307van@example.com'],
    ['LONG S', '\u017Fam@example.com', 'sam@example.com'],
    ['FULLWIDTH A', '\uFF21nn@example.com', 'ann@example.com'],
    ['decomposed é', 'e\u0301ve@example.com', '\u00E9ve@example.com'],
  ])('keeps %s apart from the mailbox it resembles', (_name, confusable, mailbox) => {
    expect(emailKey(confusable)).not.toBe(emailKey(mailbox));
  });

  it('gives two addresses one key only when they differ in nothing but ASCII case', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(emailKey(a) === emailKey(b)).toBe(sameButAsciiCase(a, b));
      }),
      { numRuns: 2_000 },
    );
    // Letters that full Unicode case mapping folds onto ASCII, drawn often.
    const tricky = fc.string({
      unit: fc.constantFrom('k', 'K', '\u212A', 's', 'S', '\u017F', 'i', 'I', '\u0130'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        expect(emailKey(a) === emailKey(b)).toBe(sameButAsciiCase(a, b));
      }),
      { numRuns: 2_000 },
    );
  });
});
