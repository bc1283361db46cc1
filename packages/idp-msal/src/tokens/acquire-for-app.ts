// The app's own Entra token (client credentials), cached in an app partition apart from every user's.
import type { AuthenticationResult } from '@azure/msal-node';
import { invalidArgument, type SilentTokenRequest, type TokenResult } from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';
import { accessTokensOf } from './cached-access-tokens.js';
import { dueFromCache, tokenResult } from './token-result.js';

/**
 * Client credentials need `{resource}/.default`, for one resource; msal-node does not check it,
 * Entra would answer AADSTS70011 / AADSTS1002012 after a round trip.
 */
function assertAppScopes(scopes: readonly string[]): void {
  if (scopes.length !== 1 || typeof scopes[0] !== 'string' || !scopes[0].endsWith('/.default')) {
    throw invalidArgument('scopes', '"scopes" of an app token must be exactly one "{resource}/.default" scope');
  }
}

/**
 * An app-only token (client credentials grant), cached in an app partition that is msal's own
 * serialized cache, separate from every user partition.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
export async function acquireTokenForApp(
  ctx: MsalContext,
  partition: string | null,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  assertAppScopes(request.scopes);
  const { app, network } = ctx.clients.create();
  const cache = app.getTokenCache();
  try {
    // A corrupt app partition is simply discarded: client credentials need no user to recover.
    if (partition !== null) cache.deserialize(partition);
  } catch {
    cache.deserialize('{}');
  }
  try {
    const base = { scopes: [...request.scopes], ...(request.claims ? { claims: request.claims } : {}) };
    const now = ctx.settings.clock.now();
    const tokens = partition === null ? [] : accessTokensOf(partition, null, ctx.settings.clientId);
    const issuedAt = (r: AuthenticationResult | null) =>
      r?.fromCache ? tokens.find((t) => t.secret === r.accessToken)?.issuedAt : ctx.settings.clock.now();
    let result = await app.acquireTokenByClientCredential({ ...base, skipCache: request.forceRefresh });
    if (result !== null && dueFromCache(result, issuedAt(result), request.refreshSkewSeconds, now)) {
      result = await app.acquireTokenByClientCredential({ ...base, skipCache: true });
    }
    return tokenResult(result, partition, cache.serialize(), issuedAt(result));
  } catch (error) {
    throw mapMsalError(error, {
      operation: 'app',
      network,
      credential: ctx.settings.credential,
      scopes: request.scopes,
    });
  }
}
