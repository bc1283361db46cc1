// A sign-out reaching the API, whichever way it came: the sessions it ends, and the tokens obtained on the user's behalf it removes.
import type { RegistryEntry } from '@identity-web/core/store';
import { removeWithEntries } from '../../records/partitions.js';
import type { ApiSettings } from '../config/api-settings.js';
import { signedOutKeys } from '../domain/signed-out-users.js';
import { endedSessionKey, ON_BEHALF_OF_PREFIX } from '../domain/store-keys.js';

/**
 * The API's own partitions among registry entries: a registry a web app shares holds the web
 * app's accounts too, which only the web app's own sign-outs remove (with their sessions).
 */
export function ownPartitions(entries: readonly RegistryEntry[]): Set<string> {
  return new Set(entries.map((e) => e.accountKey).filter((key) => key.startsWith(ON_BEHALF_OF_PREFIX)));
}

/** Whom a sign-out reaching the API names: a user, a provider session, or a user's session. */
export interface SignedOut {
  /** The issuer the user signed in at: the provider's. */
  readonly issuer: string;
  readonly subject?: string | undefined;
  readonly sid?: string | undefined;
  /** Whether the session `sid` ends (its access tokens refused), or only finds the user. Default `true`. */
  readonly endSession?: boolean;
  /**
   * Whether every session of the user ends (a logout token with `sub` alone, a SET naming the user
   * alone): the user's access tokens issued until `at` are refused. Default `false`.
   */
  readonly everySession?: boolean;
  /** When the user signed out, epoch seconds in the provider's clock (the logout token's or the SET's `iat`). */
  readonly at?: number;
}

/**
 * A sign-out at the API, whichever way it came (a logout token, a security event): a session is
 * remembered as ended for `endedSessionSeconds`, so every access token carrying its `sid` is
 * refused on every instance sharing the replay cache; a sign-out of every session of a user is
 * remembered so too, so every access token of the user issued until `at` is refused, with or
 * without a `sid`. Then the tokens the API obtained on behalf of the user go: every one of
 * the user's with a subject (an access token without `sid` filed them under `sub` alone), else
 * those of the user the session was filed under. Returns how many users' tokens it found.
 */
export async function signOutAtApi(settings: ApiSettings, signedOut: SignedOut): Promise<number> {
  const { issuer, subject, sid, endSession = true, everySession = false, at } = signedOut;
  const { registry, endedSessions, endedSessionSeconds, clock } = settings;
  if (sid !== undefined && endSession) {
    await endedSessions.putIfAbsent(endedSessionKey(issuer, sid), endedSessionSeconds);
  }
  if (everySession && endSession && subject !== undefined && at !== undefined) {
    const keys = signedOutKeys(issuer, subject, at, endedSessionSeconds, Math.floor(clock.now() / 1000));
    await Promise.all(keys.map(({ key, ttlSeconds }) => endedSessions.putIfAbsent(key, ttlSeconds)));
  }
  let entries: RegistryEntry[] = [];
  if (subject !== undefined) entries = await registry.findBySubject(issuer, subject);
  else if (sid !== undefined) entries = await registry.findBySid(issuer, sid);
  const own = ownPartitions(entries);
  for (const key of own) await removeWithEntries(settings.partitions, registry, key);
  return own.size;
}
