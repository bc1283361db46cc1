// lru-cache on the injected clock, so TTLs follow test time, and a one-to-many index to keep beside it.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../ports/clock.port.js';

/**
 * lru-cache driven by our injected clock, so TTLs follow test time. `ttlResolution: 0`
 * reads the clock on every check instead of caching "now" for a millisecond.
 */
export function clockedLru<K extends {}, V extends {}>(
  clock: Clock,
  options: Omit<LRUCache.Options<K, V, unknown>, 'perf' | 'ttlResolution'>,
): LRUCache<K, V> {
  return new LRUCache<K, V>({ ...options, perf: { now: () => clock.now() }, ttlResolution: 0 } as LRUCache.Options<
    K,
    V,
    unknown
  >);
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
