// The same answer behind identity-web: the session read, then a token from the cache.
import { BENCH_SCOPE, withRequiredAuth } from '../../lib/identity';

export const GET = withRequiredAuth(async (_request, { auth }) => {
  const { accessToken } = await auth.acquireToken(BENCH_SCOPE);
  return Response.json({ ok: accessToken.length > 0 });
});
