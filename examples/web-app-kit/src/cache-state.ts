import type { AuthContext, IdentityWeb } from '@identity-web/core';

/** What the `/cache` page shows: the instance's counts and the current user's partition. */
export interface CacheState {
  /** Sessions in the session store (`null` when the store cannot count). */
  readonly sessions: number | null;
  /** Accounts with a token-cache partition (`null` when the store cannot count). */
  readonly cachedAccounts: number | null;
  /** Accounts in this instance's in-process hot index. */
  readonly hotIndexAccounts: number;
  /** The signed-in user's account and whether the token cache still holds it; `null` when signed out. */
  readonly account: { readonly key: string; readonly cached: boolean } | null;
}

export async function cacheState(identity: IdentityWeb, auth: AuthContext): Promise<CacheState> {
  const stats = await identity.stats();
  const key = auth.user?.key;
  return {
    sessions: stats.sessions,
    cachedAccounts: stats.cachedAccounts,
    hotIndexAccounts: stats.hotIndexAccounts,
    account: key === undefined ? null : { key, cached: await identity.hasAccount(key) },
  };
}
