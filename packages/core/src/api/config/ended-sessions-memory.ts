// Where the API keeps ended sessions and signed-out users: where no DPoP proof can push them out.
import type { Clock } from '@identity-web/core/provider';
import type { ReplayCache } from '@identity-web/core/store';
import { MemoryReplayCache } from '../../stores/memory-replay-cache.js';

/** Each in-process replay cache's memory of ended sessions: see {@link keptApartFromProofs}. */
const endedSessionMemories = new WeakMap<MemoryReplayCache, MemoryReplayCache>();

/**
 * Where ended sessions and signed-out users are kept: where no DPoP proof can push them out. A
 * shared store (Redis, PostgreSQL, a Durable Object) keeps each entry for its whole time. A replay
 * cache in this process's memory drops its least recently used entries when full, so it is left
 * to the proofs, and the sessions get a memory beside it, as large, the same one for every API
 * instance given that cache (as they would share the cache itself).
 */
export function keptApartFromProofs(cache: ReplayCache, clock: Clock): ReplayCache {
  if (!(cache instanceof MemoryReplayCache)) return cache;
  let memory = endedSessionMemories.get(cache);
  if (memory === undefined) {
    memory = new MemoryReplayCache(clock, { maxEntries: cache.maxEntries });
    endedSessionMemories.set(cache, memory);
  }
  return memory;
}
