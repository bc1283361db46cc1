import {
  invalidOption,
  normalizeScopes,
  type SilentTokenRequest,
  scopeKey,
  type TokenResult,
} from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure } from '../errors.js';
import {
  type AppPartition,
  cacheKeyFor,
  parseAppPartition,
  servable,
  toCachedToken,
  tokenResult,
  withToken,
} from './partition.js';

/**
 * The app's own tokens by the client credentials grant (RFC 6749 §4.4), cached per scope set in
 * an app partition. No user is involved, so nothing here is an interaction error.
 */
export async function acquireTokenForApp(
  ctx: OidcContext,
  partitionText: string | null,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  if (ctx.settings.clientAuth === 'none') {
    throw invalidOption('clientSecret', 'is required for app tokens (the client credentials grant)');
  }
  // An unreadable partition is only a cache miss: app tokens can always be fetched again.
  const partition: AppPartition = (partitionText === null ? null : parseAppPartition(partitionText)) ?? {
    v: 1,
    app: {},
  };
  const scopes = normalizeScopes(request.scopes);
  const key = scopeKey(scopes);
  const cached = partition.app[key];
  if (servable(cached, request, ctx.settings.clock.now())) return tokenResult(cached, null);
  const parameters = new URLSearchParams();
  if (scopes.length > 0) parameters.set('scope', scopes.join(' '));
  let result: oauth.TokenEndpointResponse;
  try {
    const as = await ctx.discovery.get();
    const response = await oauth.clientCredentialsGrantRequest(as, ctx.client, ctx.clientAuth, parameters, ctx.http);
    result = await oauth.processClientCredentialsResponse(as, ctx.client, response);
  } catch (error) {
    throw idpFailure(error, 'client credentials grant', ctx.settings.clientAuth);
  }
  const received = ctx.settings.clock.now();
  const token = toCachedToken(result, scopes, received);
  const next: AppPartition = { v: 1, app: withToken(partition.app, cacheKeyFor(key, result.scope), token, received) };
  return tokenResult(token, JSON.stringify(next));
}
