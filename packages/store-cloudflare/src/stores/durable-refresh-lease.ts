// Refresh leases over Durable Objects, one per key: only the holder of a lease's token releases it.
import type { RefreshLease } from '@identity-web/core/store';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

/**
 * Refresh leases, one Durable Object per key. The lease token is the record's tag, so only its
 * holder releases it, and a lapsed lease is simply absent for the next caller.
 */
export class DurableRefreshLease implements RefreshLease {
  constructor(private readonly objects: StateObjects) {}

  async acquire(key: string, leaseMs: number): Promise<string | null> {
    const ttl = ttlMs(leaseMs / 1000, 'ttlMs');
    const token = crypto.randomUUID();
    const acquired = await attempt('lease acquire', () =>
      this.objects.of('lease', key).writeIf(null, token, ttl, null),
    );
    return acquired ? token : null;
  }

  async release(key: string, token: string): Promise<void> {
    await attempt('lease release', () => this.objects.of('lease', key).removeIf(token));
  }
}
