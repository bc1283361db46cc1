import { createHash } from 'node:crypto';

/** SHA-256, base64url: a fixed 43-character name for a value of any length and any characters. */
function digest(parts: readonly string[]): string {
  // JSON of the array keeps ('a', 'b\0c') and ('a\0b', 'c') apart: no separator can be forged.
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * Every key the stores write, in one place (the README's key layout table mirrors this).
 * Keys between braces are hash tags: Redis Cluster places every key with the same tag in the same
 * slot, so an account's partition and registry hash sit together.
 */
export class Keys {
  constructor(private readonly prefix: string) {}

  /** String: the sealed session record. */
  session(sessionId: string): string {
    return `${this.prefix}s:${sessionId}`;
  }

  /** Hash {ver, val}: the account's token-cache partition and its version. */
  partition(key: string): string {
    return `${this.prefix}{a:${key}}:t`;
  }

  /** Hash field → entry JSON: the account's sign-ins, one field per session. */
  account(accountKey: string): string {
    return `${this.prefix}{a:${accountKey}}:r`;
  }

  /** Hash field → entry JSON: sign-ins under one (iss, sid). */
  bySid(issuer: string, sid: string): string {
    return `${this.prefix}{i:${digest(['sid', issuer, sid])}}`;
  }

  /** Hash field → entry JSON: sign-ins under one (iss, sub). */
  bySubject(issuer: string, subject: string): string {
    return `${this.prefix}{i:${digest(['sub', issuer, subject])}}`;
  }

  /** String: marks a one-time value as seen. Hashed: the value comes from outside and may be long. */
  replay(key: string): string {
    return `${this.prefix}r:${digest([key])}`;
  }

  /** String: the random token of the lease's holder. */
  lease(key: string): string {
    return `${this.prefix}l:${key}`;
  }

  /** Pub/sub channel of the invalidation bus. */
  get channel(): string {
    return `${this.prefix}bus`;
  }
}

/** The hash field of one sign-in: unique per (account, session). */
export function entryField(accountKey: string, sessionId: string): string {
  return JSON.stringify([accountKey, sessionId]);
}
