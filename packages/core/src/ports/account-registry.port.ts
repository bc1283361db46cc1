/**
 * One sign-in as the registry remembers it: which account and session an IdP's (iss, sub) and
 * (iss, sid) stand for. Logout notifications name only those, never our keys.
 */
export interface RegistryEntry {
  /** The issuer the user signed in at. */
  readonly issuer: string;
  /** The user's subject at that issuer. */
  readonly subject: string;
  /** The IdP session id (`sid` claim), when the IdP sent one. */
  readonly sid?: string;
  /** The account (token-cache partition) of the sign-in. */
  readonly accountKey: string;
  /** The session the sign-in created. */
  readonly sessionId: string;
}

/**
 * Finds the accounts and sessions a logout names, for as long as the account's tokens are
 * cached — not only while a session lives — so a logout after the session expired, was
 * evicted or was replaced by another sign-in in the same browser still removes the tokens.
 * Each lookup is one round trip on a networked store.
 */
export interface AccountRegistry {
  /** Records a sign-in; its entries live `ttlSeconds` (the account's token-cache lifetime). */
  recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<void>;
  /** Every entry recorded under (iss, sid); `[]` when none. */
  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]>;
  /** Every entry recorded under (iss, sub); `[]` when none. */
  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]>;
  /** Keeps the account's entries for another `ttlSeconds` (its partition was written again). */
  touchAccount(accountKey: string, ttlSeconds: number): Promise<void>;
  /** Removes every entry of the account and returns them (their sessions end with it). */
  forgetAccount(accountKey: string): Promise<RegistryEntry[]>;
}
