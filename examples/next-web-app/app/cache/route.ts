// `GET /cache`: the token cache, as a person watches a global sign-out empty it.
import { cachePage } from '@identity-web-examples/web-app-kit';
import { cacheState } from '../../lib/cache-state';
import { APP_NAME, withAuth } from '../../lib/identity';

export const GET = withAuth(async (request, { auth }) => {
  const watch = new URL(request.url).searchParams.get('watch') === '1';
  const html = cachePage(APP_NAME, await cacheState(auth), watch);
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
});
