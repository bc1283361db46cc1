// What /call-api and the dashboard's widgets show: the API's answer to a call with a token from the cache.
import type { SignedInAuthContext } from '@identity-web/core';
import { apiAnswer } from '@identity-web-examples/web-app-kit';
import { unstable_rethrow } from 'next/navigation';
import { settings } from './identity';

/**
 * Calls the API as `name` (`api`, or an extra scope's name). The token comes from the cache
 * (refreshed when due, nothing written to the cookie) and goes only to the configured API; a
 * scope not consented yet redirects to the provider and back. No answer (the API is down) is
 * shown as such.
 */
export async function callTheApi(session: SignedInAuthContext, name: string) {
  const { api } = settings();
  const url = new URL(api.url);
  const response = await session
    .callApi(name, `${url.pathname}${url.search}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    })
    .catch((error: unknown) => {
      unstable_rethrow(error); // Next.js's own: the redirect to the provider for consent
      if (error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError')) {
        return undefined; // no answer
      }
      throw error;
    });
  return apiAnswer(api.url, name === 'api' ? api.scopes : [name], response);
}
