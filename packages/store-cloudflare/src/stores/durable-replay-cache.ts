// The replay cache over Durable Objects: one per one-time value, named by its digest, put-if-absent atomic.
import type { ReplayCache } from '@identity-web/core/store';
import { attempt, digest, type StateObjects, ttlMs } from './state-objects.js';

/**
 * One-time values (logout-token `jti`), one Durable Object per value: put-if-absent is atomic there.
 * The object is named by the value's digest: the value comes from outside (the core's
 * `iss` and `jti`, up to a logout token's size), and an object keeps its name.
 */
export class DurableReplayCache implements ReplayCache {
  constructor(private readonly objects: StateObjects) {}

  async has(key: string): Promise<boolean> {
    const name = await digest(key);
    return (await attempt('replay has', () => this.objects.of('replay', name).read())) !== null;
  }

  async putIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    const ttl = ttlMs(ttlSeconds);
    const name = await digest(key);
    return attempt('replay putIfAbsent', () => this.objects.of('replay', name).writeIf(null, '', ttl, null));
  }
}
