import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_SHARE, refreshDueAt } from '../../src/domain/token.js';

const T = Date.UTC(2026, 0, 1);

describe('refreshDueAt', () => {
  it('keeps min(skew, a quarter of the lifetime) before expiry', () => {
    expect(REFRESH_MARGIN_SHARE).toBe(0.25);
    expect(refreshDueAt(T + 8_000, T, 300)).toBe(T + 6_000);
    expect(refreshDueAt(T + 60_000, T, 300)).toBe(T + 45_000);
    expect(refreshDueAt(T + 300_000, T, 300)).toBe(T + 225_000);
    expect(refreshDueAt(T + 1_200_000, T, 300)).toBe(T + 900_000); // the two rules meet at 20 minutes
    expect(refreshDueAt(T + 3_600_000, T, 300)).toBe(T + 3_300_000);
    expect(refreshDueAt(T + 3_600_000, T, 60)).toBe(T + 3_540_000);
  });

  it('keeps the whole skew when the issue time is unknown or unusable, never less', () => {
    for (const issuedAt of [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      T + 8_000,
      T + 9_000,
    ]) {
      expect(refreshDueAt(T + 8_000, issuedAt, 300)).toBe(T + 8_000 - 300_000);
    }
  });

  it('is never after the expiry and never earlier than the whole skew before it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 7 }),
        fc.double(),
        fc.integer({ min: 0, max: 3600 }),
        (life, at, skew) => {
          const expiresAt = T + life;
          const due = refreshDueAt(expiresAt, at, skew);
          expect(due).toBeLessThanOrEqual(expiresAt);
          expect(due).toBeGreaterThanOrEqual(expiresAt - skew * 1000);
        },
      ),
    );
  });
});
