// The app's own tokens by the client credentials grant, cached per scope set in an app partition.
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
import { checkBinding, dpopHandle, dpopProver, readKeyedPartition, withNonceRetry } from './bound-tokens.js';
import {
  type AppPartition,
  cacheKeyFor,
  parseAppPartition,
  servable,
  toAccessToken,
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
  // An unreadable partition is only a cache miss: app tokens can always be fetched again. With
  // `dpop`, the app's tokens are bound to a key of the app partition, as users' are to theirs.
  const { partition, stored } = await readKeyedPartition(ctx, partitionText, parseAppPartition, EMPTY);
  const scopes = normalizeScopes(request.scopes);
  const key = scopeKey(scopes);
  const cached = partition.app[key];
  if (servable(cached, request, ctx.settings.clock.now())) {
    return tokenResult(cached, null, dpopProver(ctx, stored?.key));
  }
  const dpopKey = stored ?? (await ctx.settings.dpop?.newKey());
  const prover = dpopProver(ctx, dpopKey?.key);
  const parameters = new URLSearchParams();
  if (scopes.length > 0) parameters.set('scope', scopes.join(' '));
  const DPoP = dpopHandle(ctx, dpopKey?.key);
  let result: oauth.TokenEndpointResponse;
  try {
    const as = await ctx.discovery.get();
    result = await withNonceRetry(DPoP, async () => {
      const options = { ...ctx.http, ...(DPoP !== undefined && { DPoP }) };
      const response = await oauth.clientCredentialsGrantRequest(as, ctx.client, ctx.clientAuth, parameters, options);
      return oauth.processClientCredentialsResponse(as, ctx.client, response);
    });
  } catch (error) {
    throw idpFailure(error, 'client credentials grant', ctx.settings);
  }
  checkBinding(ctx, result, 'client credentials grant');
  const received = ctx.settings.clock.now();
  const token = toAccessToken(result, scopes, received);
  const next: AppPartition = {
    v: 1,
    app: withToken(partition.app, cacheKeyFor(key, result.scope), token, received),
    ...(dpopKey !== undefined && { dk: dpopKey.stored }),
  };
  return tokenResult(token, JSON.stringify(next), prover);
}

const EMPTY: AppPartition = { v: 1, app: {} };
