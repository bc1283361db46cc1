import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_REPLAY_SECONDS,
  MIN_REPLAY_SECONDS,
  REPLAY_MARGIN_SECONDS,
  replayTtlSeconds,
} from '../../src/domain/replay-window.js';

// How long a logout token's or a SET's jti is remembered: the rest of its acceptance window plus a
// margin, never under ten minutes, never over two days.

const NOW = Date.UTC(2026, 0, 1) / 1000;

describe('replayTtlSeconds', () => {
  it('keeps ten minutes at least, a two-minute margin and two days at most', () => {
    expect(MIN_REPLAY_SECONDS).toBe(600);
    expect(REPLAY_MARGIN_SECONDS).toBe(120);
    expect(MAX_REPLAY_SECONDS).toBe(172_800);
  });

  it('remembers the rest of the window plus the margin', () => {
    expect(replayTtlSeconds(NOW + 3600, NOW)).toBe(3600 + 120);
    expect(replayTtlSeconds(NOW + 86_400 + 60, NOW)).toBe(86_400 + 60 + 120);
    // A window that ends within a second still counts that second.
    expect(replayTtlSeconds(NOW + 1000.2, NOW)).toBe(1001 + 120);
  });

  it('remembers ten minutes when the window closes sooner, or has closed', () => {
    expect(replayTtlSeconds(NOW + 480, NOW)).toBe(600); // 480 + 120: the floor exactly
    expect(replayTtlSeconds(NOW + 481, NOW)).toBe(601);
    expect(replayTtlSeconds(NOW + 479, NOW)).toBe(600);
    expect(replayTtlSeconds(NOW, NOW)).toBe(600);
    expect(replayTtlSeconds(NOW - 3600, NOW)).toBe(600);
  });

  it('remembers two days at most, however far the window reaches', () => {
    expect(replayTtlSeconds(NOW + MAX_REPLAY_SECONDS - 120, NOW)).toBe(MAX_REPLAY_SECONDS); // the cap exactly
    expect(replayTtlSeconds(NOW + MAX_REPLAY_SECONDS - 121, NOW)).toBe(MAX_REPLAY_SECONDS - 1);
    expect(replayTtlSeconds(NOW + MAX_REPLAY_SECONDS - 119, NOW)).toBe(MAX_REPLAY_SECONDS);
    // An exp (or a custom verifier's window) years ahead must not hold a store entry for years.
    expect(replayTtlSeconds(NOW + 30 * 86_400, NOW)).toBe(MAX_REPLAY_SECONDS);
    expect(replayTtlSeconds(NOW + 10 * 365 * 86_400, NOW)).toBe(MAX_REPLAY_SECONDS);
    expect(replayTtlSeconds(Number.MAX_VALUE, NOW)).toBe(MAX_REPLAY_SECONDS);
  });

  it('remembers two days when the window is not finite (a custom verifier that gives none)', () => {
    for (const acceptUntil of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      expect(replayTtlSeconds(acceptUntil, NOW)).toBe(MAX_REPLAY_SECONDS);
    }
  });

  it('always gives a whole number of seconds between the bounds, and never less than the window left', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (acceptUntil, nowSeconds) => {
          const ttl = replayTtlSeconds(acceptUntil, nowSeconds);
          expect(Number.isInteger(ttl)).toBe(true);
          expect(ttl).toBeGreaterThanOrEqual(MIN_REPLAY_SECONDS);
          expect(ttl).toBeLessThanOrEqual(MAX_REPLAY_SECONDS);
          if (ttl < MAX_REPLAY_SECONDS) expect(nowSeconds + ttl).toBeGreaterThanOrEqual(acceptUntil);
        },
      ),
    );
  });
});
