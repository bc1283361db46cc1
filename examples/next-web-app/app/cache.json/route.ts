// `GET /cache.json`: the same as /cache, for scripts and tests.
import { cacheState } from '../../lib/cache-state';
import { withAuth } from '../../lib/identity';

export const GET = withAuth(async (_request, { auth }) => Response.json(await cacheState(auth)));
