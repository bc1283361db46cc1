// Entra's on-behalf-of grant: an API's token for further APIs, in exchange for the one it received.
import type { AuthenticationResult } from '@azure/msal-node';
import type { SilentTokenRequest, TokenResult } from '@identity-web/core/provider';
import { expectedIssuer, TENANT_TEMPLATE } from '../authority.js';
import type { MsalContext } from '../context.js';
import { mapMsalError } from '../errors.js';
import { accessTokensOf, withLatestAccessTokens } from './cached-access-tokens.js';
import { dueFromCache, tokenResult } from './token-result.js';

/**
 * The most access tokens one user's on-behalf-of partition keeps. msal files one per scope set
 * (the latest received token's: its cache key has no room for the assertion, whose hash it checks
 * on a read), so only as many scope sets as the API asks for fill it. Expired ones go before
 * each grant, and past this many the ones expiring first.
 */
export const ON_BEHALF_OF_MAX_TOKENS = 64;

/**
 * Entra's on-behalf-of flow through msal-node's `acquireTokenOnBehalfOf`: the API's access token
 * as the assertion, msal's cache (the partition) serving a token of the same assertion and scopes
 * until the core's refresh rule says it is due. Conditional access or a missing consent at the
 * downstream API is an `InteractionRequiredError` carrying Entra's claims challenge.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 */
export async function acquireTokenOnBehalfOf(
  ctx: MsalContext,
  partition: string | null,
  assertion: string,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  const { app, network } = ctx.clients.create();
  const cache = app.getTokenCache();
  const now = ctx.settings.clock.now();
  // One short of the bound, so the grant's own token makes it at most the bound.
  const kept = partition === null ? null : withLatestAccessTokens(partition, now, ON_BEHALF_OF_MAX_TOKENS - 1);
  try {
    // A corrupt partition is only a cache miss: the received token can be exchanged again.
    cache.deserialize(kept ?? '{}');
  } catch {
    cache.deserialize('{}');
  }
  try {
    const tenantAuthority = tenantAuthorityOf(ctx, assertion);
    const base = {
      oboAssertion: assertion,
      ...(tenantAuthority !== undefined && { authority: tenantAuthority }),
      scopes: [...request.scopes],
      ...(request.claims !== undefined && { claims: request.claims }),
    };
    const tokens = kept === null ? [] : accessTokensOf(kept, null, ctx.settings.clientId);
    const issuedAt = (r: AuthenticationResult | null) =>
      r?.fromCache ? tokens.find((t) => t.secret === r.accessToken)?.issuedAt : ctx.settings.clock.now();
    let result = await app.acquireTokenOnBehalfOf({ ...base, skipCache: request.forceRefresh });
    if (result !== null && dueFromCache(result, issuedAt(result), request.refreshSkewSeconds, now)) {
      result = await app.acquireTokenOnBehalfOf({ ...base, skipCache: true });
    }
    return tokenResult(result, partition, cache.serialize(), issuedAt(result));
  } catch (error) {
    throw mapMsalError(error, {
      operation: 'obo',
      network,
      credential: ctx.settings.credential,
      scopes: request.scopes,
      ...(request.claims !== undefined && { claims: request.claims }),
    });
  }
}

/**
 * A multi-tenant authority exchanges a user's token at the user's own tenant (the received
 * token's `tid`, which the API checked against `tenants`): the grant is then issued by, and
 * cached for, that tenant. A single-tenant authority is used as it is.
 */
function tenantAuthorityOf(ctx: MsalContext, assertion: string): string | undefined {
  const { issuer, origin, tenants } = ctx.settings.authority;
  if (!issuer.includes(TENANT_TEMPLATE)) return undefined;
  let tid: unknown;
  try {
    tid = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8'))?.tid;
  } catch {
    return undefined;
  }
  return expectedIssuer(issuer, tid, tenants) === null ? undefined : `${origin}/${tid as string}`;
}
