import type { Session, Transaction } from '../domain/session.js';

/**
 * Server-side sessions and sign-in transactions. Back-channel logout carries no cookie, so
 * sessions must be findable by (iss, sid) and by account. A miss returns `null` / `[]`.
 */
export interface SessionStore {
  getSession(id: string): Promise<Session | null>;
  setSession(session: Session, ttlSeconds: number): Promise<void>;
  /** Returns whether a session was deleted. */
  deleteSession(id: string): Promise<boolean>;
  findSessionIdsBySid(issuer: string, sid: string): Promise<string[]>;
  findSessionIdsByAccount(accountKey: string): Promise<string[]>;
  /** For logout tokens that carry `sub` and no `sid` (BCL §2.7): every session of (iss, sub). */
  findSessionIdsBySubject(issuer: string, subject: string): Promise<string[]>;
  /** Sessions held (may include expired ones not yet evicted); optional, for metrics. */
  countSessions?(): Promise<number>;
  putTransaction(transaction: Transaction, ttlSeconds: number): Promise<void>;
  /** Atomic get-and-delete: a transaction can be taken once. */
  takeTransaction(state: string): Promise<Transaction | null>;
}
