// What /cache and /cache.json show: `identity.stats()`, and whether the user's account is cached.
import type { AuthContext } from '@identity-web/core';
import { type CacheState, cacheState as cacheStateOf } from '@identity-web-examples/web-app-kit';
import { identity } from './identity';

export const cacheState = (auth: AuthContext): Promise<CacheState> => cacheStateOf(identity(), auth);
