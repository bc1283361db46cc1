// A user's access token from their partition while still served, else a refresh-token grant.
import {
  type Account,
  describeInteraction,
  InteractionRequiredError,
  invalidArgument,
  normalizeScopes,
  type SilentTokenRequest,
  type TokenResult,
} from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError, idpFailure, oauthErrorOf, safeErrorCode } from '../errors.js';
import { verifyIdTokenSignature } from '../sign-in/id-token.js';
import { checkBinding, dpopHandle, dpopProver, loadPartitionKey, withNonceRetry } from './bound-tokens.js';
import type { DpopKey, DpopPrivateJwk } from './dpop-key.js';
import {
  type AccessToken,
  cacheKeyFor,
  parseUserPartition,
  resourceScopeKey,
  servable,
  toAccessToken,
  tokenResult,
  type UserPartition,
  withResource,
  withToken,
} from './partition.js';

/**
 * Token-endpoint errors only the user can fix (RFC 6749 §5.2, OIDC Core 1.0 §3.1.2.6). `invalid_scope` on
 * a refresh: the grant does not cover a scope (RFC 6749 §6), so only an authorization request
 * asking for it, i.e. the user's consent, can add it (incremental consent).
 */
const INTERACTION_ERRORS = new Set([
  'invalid_grant',
  'invalid_scope',
  // RFC 8707 §2: the grant does not cover the resource; a new sign-in asks for every configured one.
  'invalid_target',
  'interaction_required',
  'login_required',
  'consent_required',
]);

export function interactionRequired(request: SilentTokenRequest, reason: string, claims?: unknown) {
  return new InteractionRequiredError(describeInteraction(reason, typeof claims === 'string'), {
    scopes: normalizeScopes(request.scopes),
    reason,
    // A claims challenge (Entra conditional access) to pass on the next authorization request.
    ...(typeof claims === 'string' ? { claims } : request.claims === undefined ? {} : { claims: request.claims }),
  });
}

/** A failed refresh-token grant: only the user can fix some. */
function refreshFailure(ctx: OidcContext, error: unknown, request: SilentTokenRequest, operation: string) {
  const body = oauthErrorOf(error);
  if (body !== undefined && INTERACTION_ERRORS.has(body.error)) {
    return interactionRequired(request, safeErrorCode(body.error), body.cause.claims);
  }
  return idpFailure(error, operation, ctx.settings);
}

function accountPartition(partitionText: string, account: Account, request: SilentTokenRequest): UserPartition {
  const partition = parseUserPartition(partitionText);
  if (partition === null) throw interactionRequired(request, 'no_token_cache');
  // OIDC Core 1.0 §12.2 and defence in depth: a partition filed under the wrong account is never used.
  if (partition.sub !== account.subject || partition.iss !== account.issuer) {
    throw invalidArgument('partition', 'the token cache partition belongs to another account');
  }
  return partition;
}

/** The partition's token for the request while it is not yet due, else `null`: no request to the provider. */
export async function cachedToken(
  ctx: OidcContext,
  partitionText: string,
  account: Account,
  request: SilentTokenRequest,
): Promise<TokenResult | null> {
  const partition = accountPartition(partitionText, account, request);
  const cached = partition.at[withResource(resourceScopeKey(request.scopes), request.resource)];
  return servable(cached, request, ctx.settings.clock.now()) ? served(ctx, cached, partition, request) : null;
}

/** A cached token as it is, with a prover of the partition's key when it is a DPoP token. */
async function served(
  ctx: OidcContext,
  token: AccessToken,
  partition: UserPartition,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  if (token.y !== 'DPoP' || partition.dk === undefined) return tokenResult(token, null);
  return tokenResult(token, null, dpopProver(ctx, await partitionKey(ctx, partition.dk, request)));
}

/**
 * A key that does not import is a partition that is not ours to use: the user signs in again. So
 * is one that keeps a key when the app no longer brings `dpop`: its tokens are bound to that key.
 */
async function partitionKey(ctx: OidcContext, stored: DpopPrivateJwk, request: SilentTokenRequest): Promise<DpopKey> {
  const key = await loadPartitionKey(ctx, stored);
  if (key === null) throw interactionRequired(request, 'no_token_cache');
  return key;
}

/**
 * The key a refresh proves: the partition's. A partition from before `dpop` was turned on gets
 * a new one, which binds the tokens from this refresh on (RFC 9449 §5 lets a refresh bind them).
 */
async function refreshKey(
  ctx: OidcContext,
  partition: UserPartition,
  request: SilentTokenRequest,
): Promise<{ key: DpopKey; stored: DpopPrivateJwk } | undefined> {
  if (partition.dk !== undefined) return { key: await partitionKey(ctx, partition.dk, request), stored: partition.dk };
  return ctx.settings.dpop?.newKey();
}

/**
 * A cached access token until it is due (see `servable`); otherwise a refresh-token grant
 * (RFC 6749 §6) asking for exactly the requested scopes, so one refresh token serves several
 * resources. The provider may rotate the refresh token (RFC 9700 §4.14.2): the new one is kept.
 */
export async function acquireTokenSilent(
  ctx: OidcContext,
  partitionText: string,
  account: Account,
  request: SilentTokenRequest,
): Promise<TokenResult> {
  const partition = accountPartition(partitionText, account, request);
  const key = resourceScopeKey(request.scopes);
  const cached = partition.at[withResource(key, request.resource)];
  if (servable(cached, request, ctx.settings.clock.now())) return served(ctx, cached, partition, request);
  if (partition.rt === undefined) throw interactionRequired(request, 'no_refresh_token');

  const scopes = normalizeScopes(request.scopes);
  const additionalParameters = new URLSearchParams();
  if (scopes.length > 0) additionalParameters.set('scope', scopes.join(' '));
  if (request.claims !== undefined) additionalParameters.set('claims', request.claims);
  const resource = request.resource ?? ctx.settings.resources[0];
  if (resource !== undefined) additionalParameters.set(ctx.settings.resourceParameter, resource);
  let result: oauth.TokenEndpointResponse;
  const as = await ctx.discovery.get();
  const dpopKey = await refreshKey(ctx, partition, request);
  const DPoP = dpopHandle(ctx, dpopKey?.key);
  const { rt } = partition;
  try {
    result = await withNonceRetry(DPoP, async () => {
      const response = await oauth.refreshTokenGrantRequest(as, ctx.client, ctx.clientAuth, rt, {
        ...ctx.http,
        additionalParameters,
        ...(DPoP !== undefined && { DPoP }),
      });
      return oauth.processRefreshTokenResponse(as, ctx.client, response);
    });
  } catch (error) {
    throw refreshFailure(ctx, error, request, 'token refresh');
  }
  checkBinding(ctx, result, 'token refresh');
  // OIDC Core 1.0 §12.2: a refreshed ID token is verified like the first, and must name the same
  // user; anything else is a provider fault, and nothing of the answer is kept.
  const idClaims = oauth.getValidatedIdTokenClaims(result);
  if (result.id_token !== undefined) {
    // Refused, the answer is not kept — and its rotated refresh token with it, so only a new
    // sign-in can go on: the user is asked to sign in again rather than shown a 502 on every call.
    await verifyIdTokenSignature(
      ctx,
      as,
      result.id_token,
      (reason, cause) =>
        new InteractionRequiredError(
          `the user must sign in again: the refreshed ID token is refused: ${reason}`,
          { scopes: normalizeScopes(request.scopes), reason: 'id_token_refused' },
          { cause },
        ),
    );
  }
  if (idClaims !== undefined && idClaims.sub !== partition.sub) {
    throw idpError('the refreshed ID token names another subject');
  }
  const received = ctx.settings.clock.now();
  const token = toAccessToken(result, request.scopes, received);
  const next: UserPartition = {
    ...partition,
    rt: result.refresh_token ?? partition.rt,
    at: withToken(partition.at, withResource(cacheKeyFor(key, result.scope), request.resource), token, received),
    ...(dpopKey !== undefined && { dk: dpopKey.stored }),
  };
  return tokenResult(token, JSON.stringify(next), dpopProver(ctx, dpopKey?.key));
}
