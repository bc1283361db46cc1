// An LRU cache on the injected clock, so TTLs follow test time, and a one-to-many index to keep beside it.
// Hand-written rather than lru-cache for the size of the edge bundle (lru-cache was 18 KB of the
// Worker's): it keeps the part of lru-cache's behaviour the memory stores use, to the letter.
import type { Clock } from '../ports/clock.port.js';

/** Why an entry left: lru-cache's reasons. */
export type DisposeReason = 'evict' | 'set' | 'delete' | 'expire';

/** Options of {@link clockedLru}. */
export interface ClockedLruOptions<K, V> {
  /** The most entries it holds. */
  readonly max: number;
  /** Time to live of an entry in ms unless `set` says otherwise; 0, the default: no expiry. */
  readonly ttl?: number;
  /** A bound on the sum of the entries' sizes, with `sizeCalculation`; an entry larger is not kept. */
  readonly maxSize?: number;
  /** The size of an entry, a positive integer (1 without it). */
  readonly sizeCalculation?: (value: V, key: K) => number;
  /** Told of each entry that leaves, and why; of a replaced one only when the value changes. */
  readonly dispose?: (value: V, key: K, reason: DisposeReason) => void;
}

interface Entry<K, V> {
  readonly key: K;
  value: V;
  size: number;
  ttl: number;
  start: number;
  /** Toward the least recently used. */
  older: Entry<K, V> | undefined;
  /** Toward the most recently used. */
  newer: Entry<K, V> | undefined;
}

/**
 * An LRU cache whose TTLs read the injected clock, as lru-cache did with `perf` and
 * `ttlResolution: 0`: at most `max` entries and, with `maxSize`, at most that total size, the
 * least recently used dropped first. `get` makes an entry the most recently used and drops it if
 * expired; `has` does neither; `size` counts the expired entries not yet dropped.
 */
export class ClockedLru<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;
  private total = 0;
  private readonly maxSize: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: ClockedLruOptions<K, V>,
  ) {
    this.maxSize = options.maxSize ?? options.max;
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }

  /** The sum of the entries' sizes. */
  get calculatedSize(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.expired(entry)) {
      this.remove(entry, 'expire');
      return undefined;
    }
    this.touch(entry);
    return entry.value;
  }

  has(key: K): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && !this.expired(entry);
  }

  /** Sets an entry, the most recently used; as lru-cache, setting `undefined` deletes it. */
  set(key: K, value: V | undefined, options: { readonly ttl?: number } = {}): this {
    if (value === undefined) {
      this.delete(key);
      return this;
    }
    const size = this.options.sizeCalculation?.(value, key) ?? 1;
    if (!Number.isSafeInteger(size) || size < 1) throw new TypeError('sizeCalculation must give a positive integer');
    let entry = this.entries.get(key);
    if (size > this.maxSize) {
      if (entry) this.remove(entry, 'set');
      return this;
    }
    if (entry) {
      this.touch(entry);
      if (entry.value !== value) {
        this.options.dispose?.(entry.value, key, 'set');
        this.total -= entry.size;
        this.makeRoom(size, 0);
        this.total += size;
        entry.size = size;
        entry.value = value;
      }
    } else {
      this.makeRoom(size, 1);
      entry = { key, value, size, ttl: 0, start: 0, older: this.newest, newer: undefined };
      if (this.newest) this.newest.newer = entry;
      else this.oldest = entry;
      this.newest = entry;
      this.entries.set(key, entry);
      this.total += size;
    }
    entry.ttl = options.ttl ?? this.options.ttl ?? 0;
    // As lru-cache: a TTL of 0 never expires, nor does an entry set when the clock read 0.
    entry.start = entry.ttl !== 0 ? this.clock.now() : 0;
    return this;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry) this.remove(entry, 'delete');
    return entry !== undefined;
  }

  /** The keys of the live entries, most recently used first. */
  *keys(): Generator<K> {
    for (let entry = this.newest; entry; entry = entry.older) if (!this.expired(entry)) yield entry.key;
  }

  private expired(entry: Entry<K, V>): boolean {
    return entry.ttl !== 0 && entry.start !== 0 && this.clock.now() - entry.start > entry.ttl;
  }

  /** Drops the least recently used entries until `size` more fits, and `count` more entries. */
  private makeRoom(size: number, count: number): void {
    while (this.oldest && (this.total > this.maxSize - size || this.entries.size + count > this.options.max))
      this.remove(this.oldest, 'evict');
  }

  private touch(entry: Entry<K, V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    this.newest = entry;
    this.oldest ??= entry;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
  }

  private remove(entry: Entry<K, V>, reason: DisposeReason): void {
    this.options.dispose?.(entry.value, entry.key, reason);
    this.unlink(entry);
    this.entries.delete(entry.key);
    this.total -= entry.size;
  }
}

/**
 * An LRU cache on the injected clock: at most `max` entries and, with `maxSize`, at most that
 * total size. Throws a RangeError for a `max` no count of entries satisfies.
 */
export function clockedLru<K, V>(clock: Clock, options: ClockedLruOptions<K, V>): ClockedLru<K, V> {
  const { max } = options;
  // The stores check their options; this guards eviction from a bound that never holds.
  if (!Number.isSafeInteger(max) || max < 1)
    throw new RangeError(`clockedLru: max must be a positive integer, not ${max}`);
  return new ClockedLru(clock, options);
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
