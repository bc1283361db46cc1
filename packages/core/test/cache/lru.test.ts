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

// The behaviour the memory stores had of lru-cache, kept by the hand-written cache.
describe('clockedLru, as lru-cache was', () => {
  it('evicts the least recently used: get makes an entry recent, has does not', () => {
    const evicted: string[] = [];
    const lru = clockedLru<string, number>(new ManualClock(), {
      max: 3,
      dispose: (_value, key, reason) => reason === 'evict' && evicted.push(key),
    });
    for (const key of ['a', 'b', 'c']) lru.set(key, 1);
    expect([...lru.keys()]).toEqual(['c', 'b', 'a']);
    expect(lru.has('a')).toBe(true);
    lru.set('d', 1);
    expect(evicted).toEqual(['a']);
    expect(lru.get('b')).toBe(1);
    lru.set('c', 2); // a set makes it recent too
    lru.set('e', 1);
    lru.set('f', 1);
    expect(evicted).toEqual(['a', 'd', 'b']);
    expect([...lru.keys()]).toEqual(['f', 'e', 'c']);
  });

  it('tells dispose why each entry leaves, and of a set only when the value changes', () => {
    const clock = new ManualClock();
    const told: string[] = [];
    const same = { n: 1 };
    const lru = clockedLru<string, object>(clock, {
      max: 1,
      ttl: 10,
      dispose: (_value, key, reason) => told.push(`${key}:${reason}`),
    });
    lru.set('a', same);
    lru.set('a', same);
    lru.set('a', { n: 2 });
    expect(lru.delete('a')).toBe(true);
    expect(lru.delete('a')).toBe(false);
    lru.set('b', same);
    lru.set('c', same);
    clock.advance(11);
    expect(lru.get('c')).toBeUndefined();
    expect(told).toEqual(['a:set', 'a:delete', 'b:evict', 'c:expire']);
  });

  it('expires each entry on its own TTL read from the injected clock; 0 never expires', () => {
    const clock = new ManualClock();
    const lru = clockedLru<string, number>(clock, { max: 10, ttl: 1 });
    lru.set('default', 1);
    lru.set('short', 1, { ttl: 100 });
    lru.set('long', 1, { ttl: 1_000 });
    lru.set('forever', 1, { ttl: 0 });
    clock.advance(100);
    expect(lru.has('short')).toBe(true); // expired only past its TTL
    expect(lru.has('default')).toBe(false);
    clock.advance(1);
    expect(lru.has('short')).toBe(false);
    expect(lru.size).toBe(4); // has() drops nothing: the expired still count
    expect([...lru.keys()].sort()).toEqual(['forever', 'long']);
    expect(lru.get('short')).toBeUndefined();
    expect(lru.size).toBe(3); // get() drops it
    lru.set('long', 2, { ttl: 1_000 }); // a set starts the TTL again
    clock.advance(999);
    expect(lru.get('long')).toBe(2);
    clock.advance(1_000_000);
    expect(lru.get('forever')).toBe(1);
    expect(lru.delete('default')).toBe(true); // an expired entry is still there to delete
  });

  it('keeps the total size within maxSize: evicts for a larger value, and keeps no entry larger than it', () => {
    const evicted: string[] = [];
    const lru = clockedLru<string, string>(new ManualClock(), {
      max: 100,
      maxSize: 10,
      sizeCalculation: (value) => value.length,
      dispose: (_value, key, reason) => evicted.push(`${key}:${reason}`),
    });
    lru.set('a', 'xxx');
    lru.set('b', 'xxx');
    lru.set('c', 'xxx');
    expect(lru.calculatedSize).toBe(9);
    lru.set('c', 'xxxxxx'); // grows by 3: the least recently used goes
    expect(evicted).toEqual(['c:set', 'a:evict']);
    expect(lru.calculatedSize).toBe(9);
    lru.set('b', 'x'.repeat(11)); // larger than the whole cache: not kept, and the old value gone
    expect(evicted).toEqual(['c:set', 'a:evict', 'b:set']);
    expect([...lru.keys()]).toEqual(['c']);
    expect(lru.calculatedSize).toBe(6);
    lru.set('d', 'x'.repeat(10));
    expect([...lru.keys()]).toEqual(['d']);
    expect(lru.calculatedSize).toBe(10);
  });
});

it('clockedLru deletes an entry set to undefined, as lru-cache did', () => {
  const lru = clockedLru<string, number>(new ManualClock(), { max: 2 });
  lru.set('a', 1);
  lru.set('a', undefined);
  expect(lru.has('a')).toBe(false);
  expect(lru.size).toBe(0);
});
