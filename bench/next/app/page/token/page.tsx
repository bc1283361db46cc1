// The same page behind `requireAuth()`, with a token from the cache.
import { BENCH_SCOPE, requireAuth } from '../../../lib/identity';

export default async function TokenPage() {
  const me = await requireAuth();
  const { accessToken } = await me.acquireToken(BENCH_SCOPE);
  return <p>{accessToken.length > 0 ? 'ok' : 'no token'}</p>;
}
