import type { AuthContext } from '@identity-web/core';
import type { WebAppConfig } from './config/web-app-config.js';

/** A JSON answer for the app to send as it is. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

/**
 * `GET /call-api[?scope=…]`: a token from the token cache (refreshed when needed) for the API's
 * scopes, or for `scope` when given; then the API's answer. An `InteractionRequiredError` from
 * `acquireToken` (a scope not consented yet, an expired refresh token) is left to propagate: the
 * adapter turns it into a sign-in challenge asking for exactly that scope.
 *
 * `scope` must be one the app is configured for: a scope the provider never grants would send
 * the browser round and round between sign-in and this route, and an app has no business asking
 * for whatever scope a URL names.
 */
export async function callDownstreamApi(
  auth: AuthContext,
  api: WebAppConfig['downstreamApi'],
  scopeParam: string | undefined,
): Promise<JsonAnswer> {
  const requested = (scopeParam ?? '').split(' ').filter(Boolean);
  const allowed = new Set([...api.scopes, ...api.extraScopes]);
  if (requested.some((s) => !allowed.has(s))) {
    const description = `"scope" must be among: ${[...allowed].join(' ')}`;
    return { status: 400, body: { error: 'invalid_scope', error_description: description } };
  }
  const token = await auth.acquireToken(requested.length > 0 ? requested : api.scopes);
  let response: Response;
  try {
    response = await fetch(api.url, {
      headers: { authorization: `${token.tokenType} ${token.accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    return { status: 502, body: { error: 'api_unreachable', error_description: `no answer from ${api.url}` } };
  }
  return {
    status: 200,
    body: {
      token: { scopes: token.scopes, expiresAt: new Date(token.expiresAt).toISOString() },
      api: { url: api.url, status: response.status, body: await bodyOf(response) },
    },
  };
}
