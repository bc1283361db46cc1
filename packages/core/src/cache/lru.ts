// lru-cache on the injected clock, so TTLs follow test time, and a one-to-many index to keep beside it.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../ports/clock.port.js';

/** Options of {@link clockedLru}: lru-cache's, with `max` the most entries it holds. */
export type ClockedLruOptions<K extends {}, V extends {}> = Omit<
  LRUCache.Options<K, V, unknown>,
  'perf' | 'ttlResolution' | 'max'
> & { readonly max: number };

/**
 * lru-cache driven by our injected clock, so TTLs follow test time. `ttlResolution: 0`
 * reads the clock on every check instead of caching "now" for a millisecond.
 *
 * `max` is not handed to lru-cache as its own `max`: with that, it allocates and fills arrays of
 * that length up front, which for the memory stores' bounds (100,000 to 200,000 entries each)
 * took about 120 ms per identity-web instance, at every cold start. Here its arrays grow with the
 * entries, and it still never holds more than `max`: each entry has a size of one, or, for a
 * cache that sizes its entries itself (`maxSize`), the least recently used entries are dropped
 * past `max`.
 */
export function clockedLru<K extends {}, V extends {}>(clock: Clock, options: ClockedLruOptions<K, V>): LRUCache<K, V> {
  const { max, ...rest } = options;
  // The stores check their options; this guards the loop below from a bound that never holds.
  if (!Number.isSafeInteger(max) || max < 1)
    throw new RangeError(`clockedLru: max must be a positive integer, not ${max}`);
  const clocked = { perf: { now: () => clock.now() }, ttlResolution: 0 };
  if (rest.maxSize === undefined) {
    return new LRUCache<K, V>({ ...rest, ...clocked, maxSize: max, sizeCalculation: () => 1 } as LRUCache.Options<
      K,
      V,
      unknown
    >);
  }
  return new CountedLru<K, V>(max, { ...rest, ...clocked } as LRUCache.Options<K, V, unknown>);
}

/** An lru-cache bounded by its entries' sizes and, past `maxEntries`, by their count. */
class CountedLru<K extends {}, V extends {}> extends LRUCache<K, V> {
  constructor(
    private readonly maxEntries: number,
    options: LRUCache.Options<K, V, unknown>,
  ) {
    super(options);
  }

  override set(key: K, value: V | undefined, options?: LRUCache.SetOptions<K, V, unknown>): this {
    super.set(key, value, options);
    while (this.size > this.maxEntries) this.pop();
    return this;
  }
}

/** A one-to-many index kept beside an LRU: O(1) add and remove, no scans. */
export class MultiIndex {
  private readonly map = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    const set = this.map.get(key);
    if (set) set.add(id);
    else this.map.set(key, new Set([id]));
  }

  remove(key: string, id: string): void {
    const set = this.map.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.map.delete(key);
  }

  get(key: string): string[] {
    return [...(this.map.get(key) ?? [])];
  }
}
