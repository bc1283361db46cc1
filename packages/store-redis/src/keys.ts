// Every Redis key the stores write, in one place, and the app namespace that keeps two apps' keys apart.
import { createHash } from 'node:crypto';
import type { StoreApp } from '@identity-web/core/store';

/** SHA-256, base64url: a fixed 43-character name for a value of any length and any characters. */
function digest(parts: readonly string[]): string {
  // JSON of the array keeps ('a', 'b\0c') and ('a\0b', 'c') apart: no separator can be forged.
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * The namespace of an app: 8 characters of a digest of (issuer, client id). Two apps behind one
 * provider see the same `sub` (and the same `sid` in a logout), so without it they would share
 * partitions, registry entries and logouts on one Redis.
 */
export function appNamespace(app: StoreApp): string {
  return digest(['app', app.issuer, app.clientId]).slice(0, 8);
}

/**
 * Every key the stores write, in one place (the README's key layout table mirrors this):
 * `<prefix><namespace>:<kind>...`, or `<prefix><kind>...` with no namespace.
 * Keys between braces are hash tags: Redis Cluster places every key with the same tag in the same
 * slot, so an account's partition and registry hash sit together.
 */
export class Keys {
  private start: string;
  private used = false;

  constructor(
    private readonly prefix: string,
    namespace = '',
  ) {
    this.start = Keys.startOf(prefix, namespace);
  }

  private static startOf(prefix: string, namespace: string): string {
    return namespace === '' ? prefix : `${prefix}${namespace}:`;
  }

  /**
   * Moves every key under `namespace`, which is only possible before the first key was made:
   * afterwards a change would leave written keys and a subscribed channel behind.
   */
  useNamespace(namespace: string): void {
    const start = Keys.startOf(this.prefix, namespace);
    if (start === this.start) return;
    if (this.used) throw new Error('the stores were used before they were told their app');
    this.start = start;
  }

  private get base(): string {
    this.used = true;
    return this.start;
  }

  /** String: the sealed session record. */
  session(sessionId: string): string {
    return `${this.base}s:${sessionId}`;
  }

  /** Hash {ver, val}: the account's token-cache partition and its version. */
  partition(key: string): string {
    return `${this.base}{a:${key}}:t`;
  }

  /** Hash field → entry JSON: the account's sign-ins, one field per session. */
  account(accountKey: string): string {
    return `${this.base}{a:${accountKey}}:r`;
  }

  /** Sorted set of the account hash's fields by a sequence number: the order its sign-ins came in. */
  accountOrder(accountKey: string): string {
    return `${this.base}{a:${accountKey}}:o`;
  }

  /** Hash field → entry JSON: sign-ins under one (iss, sid). */
  bySid(issuer: string, sid: string): string {
    return `${this.base}{i:${digest(['sid', issuer, sid])}}`;
  }

  /** Hash field → entry JSON: sign-ins under one (iss, sub). */
  bySubject(issuer: string, subject: string): string {
    return `${this.base}{i:${digest(['sub', issuer, subject])}}`;
  }

  /** The (iss, email) index hash of the registry: its own slot, like (iss, sub). */
  byEmail(issuer: string, email: string): string {
    return `${this.base}{i:${digest(['email', issuer, email])}}`;
  }

  /** String: marks a one-time value as seen. Hashed: the value comes from outside and may be long. */
  replay(key: string): string {
    return `${this.base}r:${digest([key])}`;
  }

  /** String: the random token of the lease's holder. */
  lease(key: string): string {
    return `${this.base}l:${key}`;
  }

  /** Pub/sub channel of the invalidation bus. */
  get channel(): string {
    return `${this.base}bus`;
  }
}

/** The hash field of one sign-in: unique per (account, session). */
export function entryField(accountKey: string, sessionId: string): string {
  return JSON.stringify([accountKey, sessionId]);
}
