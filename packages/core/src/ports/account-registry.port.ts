/**
 * One sign-in as the registry remembers it: which account and session an IdP's (iss, sub) and
 * (iss, sid) stand for. Logout notifications name only those, never our keys.
 *
 * @group Store ports
 */
export interface RegistryEntry {
  /** The issuer the user signed in at. */
  readonly issuer: string;
  /** The user's subject at that issuer. */
  readonly subject: string;
  /** The IdP session id (`sid` claim), when the IdP sent one. */
  readonly sid?: string;
  /**
   * The user's email address with its ASCII letters in lower case and nothing else folded:
   * recorded only when the app looks users up by email (`sharedSignals.subjects.email`) and the
   * provider said it was verified (`email_verified`).
   */
  readonly email?: string;
  /** The account (token-cache partition) of the sign-in. */
  readonly accountKey: string;
  /** The session the sign-in created. */
  readonly sessionId: string;
}

/**
 * The most entries a registry keeps per account (one per live sign-in: browsers, devices) unless
 * configured otherwise. Past it, recording a sign-in drops the account's oldest entry.
 *
 * @group Store ports
 */
export const DEFAULT_MAX_ENTRIES_PER_ACCOUNT = 100;

/**
 * Finds the accounts and sessions a logout names, for as long as the account's tokens are
 * cached — not only while a session lives — so a logout after the session expired still
 * removes the tokens. Each lookup is one round trip on a networked store.
 *
 * Bounded, and failing closed: a registry that drops an entry to stay within its bounds (its
 * capacity, or the entries allowed per account) returns it from `recordSignIn`, and the core
 * then ends that entry's session, and removes the account's tokens when it was the account's
 * last entry. A token-cache partition never outlives every entry a logout could find it by.
 *
 * @group Store ports
 */
export interface AccountRegistry {
  /**
   * Records a sign-in; its entries live `ttlSeconds` (the account's token-cache lifetime).
   * Returns the entries it dropped to make room, of any account (none: `[]` or nothing).
   */
  recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<readonly RegistryEntry[] | void>;
  /** Every entry recorded under (iss, sid); `[]` when none. */
  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]>;
  /** Every entry recorded under (iss, sub); `[]` when none. */
  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]>;
  /**
   * Every entry recorded under (iss, email), the email as filed (ASCII lower case); `[]` when none. Optional: a
   * registry without it cannot serve Shared Signals events that name their subject by email.
   */
  findByEmail?(issuer: string, email: string): Promise<RegistryEntry[]>;
  /** Keeps the account's entries for another `ttlSeconds` (its partition was written again). */
  touchAccount(accountKey: string, ttlSeconds: number): Promise<void>;
  /** Removes every entry of the account and returns them (their sessions end with it). */
  forgetAccount(accountKey: string): Promise<RegistryEntry[]>;
  /**
   * Removes the one entry of (account, session) — its session ended while the account stays
   * cached — and returns how many entries the account still has. Never removes the account's last
   * entry: then it returns 0 and the caller removes the whole account (partition first, entries
   * last), so a failure half-way never leaves a partition that no logout can find. Idempotent: an
   * entry already gone removes nothing, and the count of the others is returned.
   */
  forgetSession(accountKey: string, sessionId: string): Promise<number>;
}
