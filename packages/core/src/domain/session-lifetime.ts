// A session's two clocks, the absolute lifetime and the idle deadline, and how long a store keeps its record.
import type { Session } from './session.js';

/**
 * A session's two clocks: the absolute lifetime (`expiresAt`, fixed at sign-in) and, with
 * `session.idleSeconds`, a sliding idle deadline that each recorded request pushes forward, never
 * beyond `expiresAt`. `idleMs` 0 means no idle expiry.
 */

/** The moment the session stops being valid (epoch ms). */
export function sessionDeadline(session: Session, idleMs: number): number {
  if (idleMs <= 0) return session.expiresAt;
  return Math.min(session.expiresAt, (session.lastSeenAt ?? session.createdAt) + idleMs);
}

/**
 * Whether a request at `now` should record activity. Rewriting the record on every request would
 * put a store write on the hot path, so activity is recorded at most once per quarter of the idle
 * window: a user idle for the whole window is always signed out, one who keeps using the app never
 * is, and the effective allowance after the last request lies between ¾ and all of the window.
 * Once recording would no longer extend anything (the absolute lifetime ends first), it stops.
 */
export function activityDue(session: Session, idleMs: number, now: number): boolean {
  if (idleMs <= 0) return false;
  const lastSeen = session.lastSeenAt ?? session.createdAt;
  return now - lastSeen >= idleMs / 4 && lastSeen + idleMs < session.expiresAt;
}

/** Seconds a store should keep the record: until its deadline, rounded up, at least one. */
export function storeTtlSeconds(session: Session, idleMs: number, now: number): number {
  return Math.max(1, Math.ceil((sessionDeadline(session, idleMs) - now) / 1000));
}
