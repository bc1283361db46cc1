// The session store over Durable Objects: one object per session id holds its sealed record.
import type { SessionStore } from '@identity-web/core/store';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

/** Sealed session records, one Durable Object per session id. */
export class DurableSessionStore implements SessionStore {
  constructor(private readonly objects: StateObjects) {}

  async getSession(id: string): Promise<string | null> {
    const record = await attempt('getSession', () => this.objects.of('session', id).read());
    return typeof record?.value === 'string' ? record.value : null;
  }

  async setSession(id: string, record: string, ttlSeconds: number): Promise<void> {
    const ttl = ttlMs(ttlSeconds);
    await attempt('setSession', () => this.objects.of('session', id).write(record, ttl));
  }

  deleteSession(id: string): Promise<boolean> {
    return attempt('deleteSession', () => this.objects.of('session', id).remove());
  }
}
