import { clockedLru, MultiIndex } from '../cache/lru.js';
import type { Session, Transaction } from '../domain/session.js';
import type { Clock } from '../ports/clock.port.js';
import type { SessionStore } from '../ports/session-store.port.js';

export interface MemorySessionStoreOptions {
  /** Most sessions kept; the least recently used go first. Default 100,000. */
  maxSessions?: number;
  /** Most sign-ins in flight. Default 10,000. */
  maxTransactions?: number;
}

const pairKey = (issuer: string, sid: string) => `${issuer}\u0000${sid}`;

/**
 * Sessions in process memory, bounded and TTL-aware, with the (iss, sid) and account
 * indexes that back-channel logout needs. Every operation is O(1) in the number of sessions.
 * Fits one instance; several instances need a shared store (Redis).
 */
export class MemorySessionStore implements SessionStore {
  private readonly bySid = new MultiIndex();
  private readonly byAccount = new MultiIndex();
  private readonly bySubject = new MultiIndex();
  private readonly sessions;
  private readonly transactions;

  constructor(clock: Clock, options: MemorySessionStoreOptions = {}) {
    this.sessions = clockedLru<string, Session>(clock, {
      max: options.maxSessions ?? 100_000,
      ttl: 1,
      dispose: (session) => this.unindex(session),
    });
    this.transactions = clockedLru<string, Transaction>(clock, { max: options.maxTransactions ?? 10_000, ttl: 1 });
  }

  async getSession(id: string): Promise<Session | null> {
    return this.sessions.get(id) ?? null;
  }

  async setSession(session: Session, ttlSeconds: number): Promise<void> {
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session, { ttl: ttlSeconds * 1000 });
    if (session.sid !== undefined) this.bySid.add(pairKey(session.issuer, session.sid), session.id);
    this.byAccount.add(session.accountKey, session.id);
    this.bySubject.add(pairKey(session.issuer, session.account.subject), session.id);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.sessions.delete(id);
  }

  async findSessionIdsBySid(issuer: string, sid: string): Promise<string[]> {
    return this.bySid.get(pairKey(issuer, sid)).filter((id) => this.sessions.has(id));
  }

  async findSessionIdsByAccount(accountKey: string): Promise<string[]> {
    return this.byAccount.get(accountKey).filter((id) => this.sessions.has(id));
  }

  async findSessionIdsBySubject(issuer: string, subject: string): Promise<string[]> {
    return this.bySubject.get(pairKey(issuer, subject)).filter((id) => this.sessions.has(id));
  }

  async countSessions(): Promise<number> {
    return this.sessions.size;
  }

  async putTransaction(transaction: Transaction, ttlSeconds: number): Promise<void> {
    this.transactions.set(transaction.state, transaction, { ttl: ttlSeconds * 1000 });
  }

  async takeTransaction(state: string): Promise<Transaction | null> {
    const tx = this.transactions.get(state) ?? null;
    if (tx) this.transactions.delete(state);
    return tx;
  }

  private unindex(session: Session): void {
    if (session.sid !== undefined) this.bySid.remove(pairKey(session.issuer, session.sid), session.id);
    this.byAccount.remove(session.accountKey, session.id);
    this.bySubject.remove(pairKey(session.issuer, session.account.subject), session.id);
  }
}
