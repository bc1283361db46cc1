// Scope lists normalized (sorted, de-duplicated, case kept) and the keys tokens are cached under.
import { ErrorCode, IdentityWebError } from './errors.js';

/**
 * Scopes every OpenID sign-in asks for; they never name a resource.
 *
 * @group Provider port
 */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * Normalizes a scope list to a sorted, de-duplicated array. Scopes are case-sensitive
 * (RFC 6749 §3.3), so case is kept.
 *
 * @group Provider port
 */
export function normalizeScopes(scopes: string | readonly string[]): string[] {
  const list = typeof scopes === 'string' ? scopes.split(' ') : scopes;
  const out = new Set<string>();
  for (const scope of list) {
    if (typeof scope !== 'string') {
      throw new IdentityWebError(ErrorCode.InvalidArgument, '"scopes" must be strings');
    }
    const s = scope.trim();
    if (s !== '') out.add(s);
  }
  return [...out].sort();
}

/**
 * The key of a normalized scope set in the hot index and in partitions.
 *
 * @group Provider port
 */
export function scopeKey(normalized: readonly string[]): string {
  return normalized.join(' ');
}

/**
 * The key of a token request: its scope key, and the resource indicator when there is one
 * (scopes never contain a line feed, RFC 6749 §3.3), so tokens of two APIs that share scope
 * names never answer for each other.
 */
export function tokenKey(normalized: readonly string[], resource?: string): string {
  return resource === undefined ? scopeKey(normalized) : `${scopeKey(normalized)}\n${resource}`;
}
