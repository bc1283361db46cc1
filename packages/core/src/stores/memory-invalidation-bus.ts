// The in-process invalidation bus: fans a message out to this process's listeners only.
import type { Invalidation, InvalidationBus } from '../ports/invalidation-bus.port.js';

/** Fan-out within one process. Several instances need a shared bus (Redis pub/sub). */
export class MemoryInvalidationBus implements InvalidationBus {
  private readonly listeners = new Set<(message: Invalidation) => void>();

  async publish(message: Invalidation): Promise<void> {
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: (message: Invalidation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
