import { ErrorCode, IdentityWebError } from './errors.js';

/** Scopes every OpenID sign-in asks for; they never name a resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * Normalizes a scope list to a sorted, de-duplicated array. Scopes are case-sensitive
 * (RFC 6749 §3.3), so case is kept.
 */
export function normalizeScopes(scopes: string | readonly string[]): string[] {
  const list = typeof scopes === 'string' ? scopes.split(' ') : scopes;
  const out = new Set<string>();
  for (const scope of list) {
    if (typeof scope !== 'string') {
      throw new IdentityWebError(ErrorCode.InvalidArgument, '"scopes" must be strings', { status: 500 });
    }
    const s = scope.trim();
    if (s !== '') out.add(s);
  }
  return [...out].sort();
}

/** The key of a normalized scope set in the hot index and in partitions. */
export function scopeKey(normalized: readonly string[]): string {
  return normalized.join(' ');
}
