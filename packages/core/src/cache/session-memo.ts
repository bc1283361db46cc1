// The session memo: a cookie seen before costs one map lookup, not a signature check and a store read.
import type { Session } from '../domain/session.js';
import { sessionDeadline } from '../domain/session-lifetime.js';
import type { Clock } from '../ports/clock.port.js';

/** How long a verified session is trusted without reading the store again, at most. */
export const SESSION_MEMO_MAX_AGE_MS = 60_000;

/**
 * A remembered cookie. `view` is for the HTTP layer: the auth context it built for this
 * verified session, kept here so a request finds it with the same lookup that found the session
 * (one map lookup per request, not two), and dropped with the entry.
 */
export class MemoEntry {
  view: unknown = undefined;

  constructor(
    readonly cookie: string,
    readonly session: Session,
    readonly until: number,
  ) {}
}

/**
 * A number from the first five characters of a cookie value, for the memo's fast index. Those
 * open the signed session id, 32 random bytes in base64url, so distinct sessions rarely share
 * one; when they do (or a forged cookie copies one), the exact comparison that follows tells
 * them apart. Hand-written for the hot path: a string-keyed map hashes all ~90 characters of
 * the fresh string each request (about 200 ns here), this reads five.
 */
function shortKey(cookie: string): number {
  const c = (i: number) => cookie.charCodeAt(i) | 0; // 0 past the end
  return (c(0) ^ (c(1) << 6) ^ (c(2) << 12) ^ (c(3) << 18) ^ (c(4) << 24)) & 0x3fffffff;
}

/**
 * Exact session-cookie value → the session it was verified to name, so a request whose cookie
 * was seen before costs one map lookup instead of an HMAC check, a store read and an AES-GCM
 * decryption. Safe because only a value that passed every check is remembered, and only
 * byte-for-byte: a tampered cookie is a different key and a miss. An entry goes when its session
 * expires or idles out, after at most a minute (bounding a missed invalidation message), and at
 * once when the invalidation bus says the session ended or its account was removed, on any instance.
 * Bounded in entries; a Map keeps insertion order, so the oldest entries go first.
 */
export class SessionMemo {
  private readonly byCookie = new Map<string, MemoEntry>();
  /**
   * `shortKey(cookie)` → the entry remembered last under that number, for `find` to try before
   * the exact map; an entry found here counts only if its cookie equals the one asked for.
   */
  private readonly byShortKey = new Map<number, MemoEntry>();
  /** Every cookie remembered for a session: more than one when it was issued again, under a rotated secret. */
  private readonly cookiesOfSession = new Map<string, Set<string>>();
  private readonly cookiesOfAccount = new Map<string, Set<string>>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 100_000,
    /** `session.idleSeconds` in ms (0: none): an entry never outlives its session's idle deadline. */
    private readonly idleMs = 0,
  ) {}

  get(cookie: string): Session | null {
    return this.find(cookie)?.session ?? null;
  }

  /** The entry of a cookie remembered and still trusted, or `null`. */
  find(cookie: string): MemoEntry | null {
    const quick = this.byShortKey.get(shortKey(cookie));
    // Byte for byte or not at all: a cookie that only shares the short key is no hit.
    const memo = quick !== undefined && quick.cookie === cookie ? quick : this.byCookie.get(cookie);
    if (memo === undefined) return null;
    if (memo.until > this.clock.now()) return memo;
    this.forget(cookie, memo.session);
    return null;
  }

  /** Remembers a verified cookie; its entry, or `null` when the memo is off. */
  remember(cookie: string, session: Session): MemoEntry | null {
    if (this.maxEntries === 0) return null;
    if (this.byCookie.size >= this.maxEntries) {
      const oldest = this.byCookie.entries().next().value;
      if (oldest) this.forget(oldest[0], oldest[1].session);
    }
    const until = Math.min(sessionDeadline(session, this.idleMs), this.clock.now() + SESSION_MEMO_MAX_AGE_MS);
    const entry = new MemoEntry(cookie, session, until);
    this.byCookie.set(cookie, entry);
    this.byShortKey.set(shortKey(cookie), entry);
    addTo(this.cookiesOfSession, session.id, cookie);
    addTo(this.cookiesOfAccount, session.accountKey, cookie);
    return entry;
  }

  dropSession(sessionId: string): void {
    for (const cookie of this.cookiesOfSession.get(sessionId) ?? []) {
      const memo = this.byCookie.get(cookie);
      if (memo) this.forget(cookie, memo.session);
    }
    this.cookiesOfSession.delete(sessionId);
  }

  dropAccount(accountKey: string): void {
    for (const cookie of this.cookiesOfAccount.get(accountKey) ?? []) {
      const memo = this.byCookie.get(cookie);
      if (memo) this.forget(cookie, memo.session);
    }
    this.cookiesOfAccount.delete(accountKey);
  }

  get size(): number {
    return this.byCookie.size;
  }

  private forget(cookie: string, session: Session): void {
    this.byCookie.delete(cookie);
    const key = shortKey(cookie);
    if (this.byShortKey.get(key)?.cookie === cookie) this.byShortKey.delete(key);
    removeFrom(this.cookiesOfSession, session.id, cookie);
    removeFrom(this.cookiesOfAccount, session.accountKey, cookie);
  }
}

/** Adds `cookie` to the set kept under `key`. */
function addTo(sets: Map<string, Set<string>>, key: string, cookie: string): void {
  const cookies = sets.get(key);
  if (cookies === undefined) sets.set(key, new Set([cookie]));
  else cookies.add(cookie);
}

/** Removes `cookie` from the set kept under `key`, and the set once it is empty. */
function removeFrom(sets: Map<string, Set<string>>, key: string, cookie: string): void {
  const cookies = sets.get(key);
  cookies?.delete(cookie);
  if (cookies?.size === 0) sets.delete(key);
}
