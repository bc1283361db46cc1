// clockedLru keeps lru-cache's bounds without its up-front arrays: at most `max` entries, the
// least recently used dropped first (with `dispose` told so), and with entry sizes of the cache's
// own, both the size and the count bound.
import { describe, expect, it } from 'vitest';
import { clockedLru } from '../../src/cache/lru.js';
import { ManualClock } from '../../src/testing/fake-identity-provider.js';

describe('clockedLru', () => {
  it('holds at most max entries, dropping the least recently used', () => {
    const evicted: string[] = [];
    const lru = clockedLru<string, number>(new ManualClock(), {
      max: 3,
      dispose: (_value, key, reason) => reason === 'evict' && evicted.push(key),
    });
    for (const key of ['a', 'b', 'c']) lru.set(key, 1);
    lru.get('a');
    lru.set('d', 1);
    lru.set('e', 1);
    expect([...lru.keys()].sort()).toEqual(['a', 'd', 'e']);
    expect(evicted).toEqual(['b', 'c']);
  });

  it('with sizes of its own, keeps both the size and the count bound', () => {
    const evicted: string[] = [];
    const lru = clockedLru<string, string>(new ManualClock(), {
      max: 3,
      maxSize: 10,
      sizeCalculation: (value) => value.length,
      dispose: (_value, key, reason) => reason === 'evict' && evicted.push(key),
    });
    for (const key of ['a', 'b', 'c', 'd']) lru.set(key, 'x');
    expect(lru.size).toBe(3);
    expect(evicted).toEqual(['a']);
    lru.set('big', 'y'.repeat(9));
    expect([...lru.keys()].sort()).toEqual(['big', 'd']);
    expect(evicted).toEqual(['a', 'b', 'c']);
    expect(lru.calculatedSize).toBe(10);
  });

  it('expires entries on the injected clock', () => {
    const clock = new ManualClock();
    const lru = clockedLru<string, number>(clock, { max: 10, ttl: 1000 });
    lru.set('a', 1);
    clock.advance(999);
    expect(lru.get('a')).toBe(1);
    clock.advance(2);
    expect(lru.get('a')).toBeUndefined();
  });
});

describe('clockedLru bounds', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses max %s, which no count of entries satisfies', (max) => {
    const clock = new ManualClock();
    expect(() => clockedLru<string, number>(clock, { max })).toThrow(RangeError);
    expect(() => clockedLru<string, string>(clock, { max, maxSize: 10, sizeCalculation: (v) => v.length })).toThrow(
      RangeError,
    );
  });
});
