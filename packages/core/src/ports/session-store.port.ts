/**
 * Server-side session records. The core encrypts each record before it reaches the store (the
 * session id is the additional data), so a store holds opaque strings and never a token, a
 * claim or an account key. A miss returns `null`. Finding sessions for a logout is the
 * account registry's job, not this store's.
 *
 * @group Store ports
 */
export interface SessionStore {
  /** The sealed session record, or `null` when unknown or expired. */
  getSession(id: string): Promise<string | null>;
  /** Writes (or overwrites) the record; it expires after `ttlSeconds`. */
  setSession(id: string, record: string, ttlSeconds: number): Promise<void>;
  /** Returns whether a record was deleted. */
  deleteSession(id: string): Promise<boolean>;
  /** Records held (may include expired ones not yet evicted); optional, for metrics. */
  countSessions?(): Promise<number>;
}
