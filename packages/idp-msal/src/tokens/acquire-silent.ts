import {
  type Account,
  InteractionRequiredError,
  type SilentTokenRequest,
  type TokenResult,
} from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';
import { insideSkew, tokenResult } from './token-result.js';

function noTokens(request: SilentTokenRequest, cause?: unknown): InteractionRequiredError {
  return new InteractionRequiredError(
    'no tokens of this account are cached',
    { scopes: [...request.scopes], reason: 'no_tokens_found', ...(request.claims ? { claims: request.claims } : {}) },
    cause === undefined ? {} : { cause },
  );
}

/**
 * A token for one account, from that account's partition only: a fresh msal client per call
 * (see `MsalClients`), loaded with this partition, asked through msal's own
 * `acquireTokenSilent` (cache, then refresh token), and serialized back.
 *
 * @see https://learn.microsoft.com/entra/msal/javascript/node/caching
 */
export async function acquireTokenSilent(
  ctx: MsalContext,
  partition: string,
  account: Account,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  const { app, network } = ctx.clients.create();
  const cache = app.getTokenCache();
  try {
    cache.deserialize(partition);
  } catch (error) {
    // An unreadable partition holds nothing usable: the user has to sign in again.
    throw noTokens(request, error);
  }
  try {
    const msalAccount = await cache.getAccountByHomeId(account.key);
    if (msalAccount === null) throw noTokens(request);
    const base = {
      account: msalAccount,
      scopes: [...request.scopes],
      ...(request.claims ? { claims: request.claims } : {}),
    };
    let result = await app.acquireTokenSilent({ ...base, forceRefresh: request.forceRefresh });
    if (insideSkew(result, request.refreshSkewSeconds, ctx.settings.clock.now())) {
      result = await app.acquireTokenSilent({ ...base, forceRefresh: true });
    }
    return tokenResult(result, partition, cache.serialize());
  } catch (error) {
    throw mapMsalError(error, {
      operation: 'silent',
      network,
      scopes: request.scopes,
      ...(request.claims ? { claims: request.claims } : {}),
    });
  }
}
