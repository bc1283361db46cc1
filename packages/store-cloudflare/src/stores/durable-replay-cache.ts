import type { ReplayCache } from '@identity-web/core/store';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

/** One-time values (logout-token `jti`), one Durable Object per value: put-if-absent is atomic there. */
export class DurableReplayCache implements ReplayCache {
  constructor(private readonly objects: StateObjects) {}

  async has(key: string): Promise<boolean> {
    return (await attempt('replay has', () => this.objects.of('replay', key).read())) !== null;
  }

  putIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    const ttl = ttlMs(ttlSeconds);
    return attempt('replay putIfAbsent', () => this.objects.of('replay', key).writeIf(null, '', ttl, null));
  }
}
