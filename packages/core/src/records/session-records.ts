// Session records at rest: sealed to their session id before they reach the session store, opened on read.
import type { RecordCipher } from '../crypto/record-cipher.js';
import type { Session } from '../domain/session.js';
import { sessionDeadline } from '../domain/session-lifetime.js';
import type { Clock } from '../ports/clock.port.js';
import type { SessionStore } from '../ports/session-store.port.js';

/**
 * Session records at rest: sealed with the session id as additional data before they reach
 * the store, so a store reader sees no token, claim or account key, and a record moved to
 * another id (to borrow someone's account) fails to open.
 */
export class SessionRecords {
  constructor(
    private readonly store: SessionStore,
    private readonly cipher: RecordCipher,
    private readonly clock: Clock,
    /** `session.idleSeconds` in ms; 0: none. */
    private readonly idleMs = 0,
  ) {}

  /** The live session, or `null` (unknown, expired or idle too long, or a record that does not open). */
  async get(id: string): Promise<Session | null> {
    const sealed = await this.store.getSession(id);
    if (sealed === null) return null;
    const json = await this.cipher.openOrNull(id, sealed);
    if (json === null) return null;
    // Frozen all the way down: the same object serves every request of the session (the memo and
    // the auth context share it), so app code must not be able to change its claims or scopes.
    const session = deepFreeze(JSON.parse(json)) as Session;
    return session.id === id && sessionDeadline(session, this.idleMs) > this.clock.now() ? session : null;
  }

  async put(session: Session, ttlSeconds: number): Promise<void> {
    await this.store.setSession(session.id, await this.cipher.seal(session.id, JSON.stringify(session)), ttlSeconds);
  }

  delete(id: string): Promise<boolean> {
    return this.store.deleteSession(id);
  }
}

/** Freezes a parsed JSON value and everything in it (primitives and `null` count as frozen). */
function deepFreeze<T>(value: T): T {
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value as object)) deepFreeze(item);
  return value;
}
