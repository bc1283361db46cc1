// What /cache and /cache.json show: `identity.stats()`, and whether the user's account is cached.
import type { AuthContext } from '@identity-web/core';
import type { CacheState } from '@identity-web-examples/web-app-kit';
import { identity } from './identity';

export async function cacheState(auth: AuthContext): Promise<CacheState> {
  const key = auth.user?.key;
  const instance = identity();
  return { ...(await instance.stats()), account: key ? { key, cached: await instance.hasAccount(key) } : null };
}
