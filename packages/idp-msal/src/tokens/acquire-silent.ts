// A user's token from their own partition: the cached one while still served, else msal's silent refresh.
import type { AuthenticationResult } from '@azure/msal-node';
import {
  type Account,
  InteractionRequiredError,
  type SilentTokenRequest,
  type TokenResult,
} from '@identity-web/core/provider';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';
import { verifyEntraSignature } from '../sign-in/signature.js';
import { accessTokensOf, type CachedAccessToken, servableToken } from './cached-access-tokens.js';
import { dueFromCache, tokenResult } from './token-result.js';

function noTokens(request: SilentTokenRequest, cause?: unknown): InteractionRequiredError {
  return new InteractionRequiredError(
    'no tokens of this account are cached',
    { scopes: [...request.scopes], reason: 'no_tokens_found', ...(request.claims ? { claims: request.claims } : {}) },
    cause === undefined ? {} : { cause },
  );
}

function cachedResult(token: CachedAccessToken): TokenResult {
  return {
    accessToken: token.secret,
    expiresAt: token.expiresAt,
    issuedAt: token.issuedAt,
    scopes: token.target.split(' '),
    tokenType: token.tokenType,
    partition: null,
  };
}

/**
 * The partition's token for the request while the core's rule still serves it, else `null`:
 * no msal call that could reach Entra. An unreadable partition or a missing account is `null`
 * too; the acquisition that follows says why.
 */
export async function cachedToken(
  ctx: MsalContext,
  partition: string,
  account: Account,
  request: SilentTokenRequest,
): Promise<TokenResult | null> {
  if (request.forceRefresh || request.claims) return null;
  const cache = ctx.clients.create().app.getTokenCache();
  try {
    cache.deserialize(partition);
    const msalAccount = await cache.getAccountByHomeId(account.key);
    if (msalAccount === null) return null;
    const tokens = accessTokensOf(partition, msalAccount, ctx.settings.clientId);
    const cached = servableToken(tokens, request.scopes, request.refreshSkewSeconds, ctx.settings.clock.now());
    return cached === undefined ? null : cachedResult(cached);
  } catch {
    return null;
  }
}

/**
 * A token for one account, from that account's partition only: a fresh msal client per call
 * (see `MsalClients`), loaded with this partition, asked through msal's own
 * `acquireTokenSilent` (cache, then refresh token), and serialized back. A cached token that the
 * core's refresh rule still serves is served without msal, whose own window is a fixed 300 s.
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
    const now = ctx.settings.clock.now();
    const tokens = accessTokensOf(partition, msalAccount, ctx.settings.clientId);
    if (!request.forceRefresh && !request.claims) {
      const cached = servableToken(tokens, request.scopes, request.refreshSkewSeconds, now);
      if (cached !== undefined) return cachedResult(cached);
    }
    const base = {
      account: msalAccount,
      scopes: [...request.scopes],
      ...(request.claims ? { claims: request.claims } : {}),
    };
    // A token msal took from its cache was issued when it was cached; a new one, just now.
    const issuedAt = (r: AuthenticationResult) =>
      r.fromCache ? tokens.find((t) => t.secret === r.accessToken)?.issuedAt : ctx.settings.clock.now();
    let result = await app.acquireTokenSilent({ ...base, forceRefresh: request.forceRefresh });
    if (dueFromCache(result, issuedAt(result), request.refreshSkewSeconds, now)) {
      result = await app.acquireTokenSilent({ ...base, forceRefresh: true });
    }
    // A refreshed ID token is verified like the first and names the same user (OIDC Core 1.0
    // §12.2). Refused, nothing of the answer is kept — its rotated refresh token neither — so the
    // user is asked to sign in again.
    if (!result.fromCache && result.idToken) {
      const refuse = (reason: string, cause?: unknown) =>
        new InteractionRequiredError(
          `the user must sign in again: the refreshed ID token is refused: ${reason}`,
          { scopes: [...request.scopes], reason: 'id_token_refused' },
          cause === undefined ? {} : { cause },
        );
      const { payload } = await verifyEntraSignature(ctx, result.idToken, 'id-token', refuse);
      const { sub } = JSON.parse(new TextDecoder().decode(payload)) as { sub?: unknown };
      if (sub !== account.subject) throw refuse('it names another subject');
    }
    return tokenResult(result, partition, cache.serialize(), issuedAt(result));
  } catch (error) {
    throw mapMsalError(error, {
      operation: 'silent',
      network,
      credential: ctx.settings.credential,
      scopes: request.scopes,
      ...(request.claims ? { claims: request.claims } : {}),
    });
  }
}
