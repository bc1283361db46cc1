// OIDC Back-Channel Logout 1.0 §2.5 and §2.8 over HTTP, once for the web app and the API: the
// POSTed form's `logout_token` handed to the use case, 200 on success, a refusal as JSON.
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import { readForm, single } from './form.js';
import { errorResult } from './responses.js';
import type { HttpRequest, HttpResult } from './types.js';

/**
 * The answer of a back-channel logout endpoint: the `logout_token` of the POSTed form (§2.5)
 * given to `logout`; 200 with `Cache-Control: no-store` on success (§2.8), including for sessions
 * that were already gone. A failure is handed to `refused` (with the token, once it was read)
 * and answered as JSON with its status: 400 for a bad or replayed token, 503 with `Retry-After`
 * for a store or a provider that is down, so the provider delivers it again.
 */
export async function backChannelLogoutAnswer(
  request: HttpRequest,
  logout: (token: string) => Promise<unknown>,
  refused: (error: unknown, token: string | undefined) => unknown,
  logger: Logger,
): Promise<HttpResult> {
  let token: string | undefined;
  try {
    if (request.method !== 'POST') throw badRequest(ErrorCode.InvalidRequest, 'a logout token is POSTed');
    token = single(await readForm(request), 'logout_token') || undefined;
    if (token === undefined) throw badRequest(ErrorCode.InvalidRequest, '"logout_token" is missing');
    await logout(token);
    return { status: 200, headers: { 'cache-control': 'no-store' }, cookies: [], body: '' };
  } catch (error) {
    await refused(error, token);
    return errorResult(error, logger, { format: 'json' });
  }
}
