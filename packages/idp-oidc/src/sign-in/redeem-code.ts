// Completes a sign-in: redeems the code, verifies the ID token, builds the account and its first partition.
import { badRequest, type CodeRedemption, ErrorCode, type SignInResult } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpFailure, safeErrorCode } from '../errors.js';
import { checkBinding, dpopHandle, withNonceRetry } from '../tokens/bound-tokens.js';
import { cacheKeyFor, resourceScopeKey, toAccessToken, type UserPartition } from '../tokens/partition.js';
import { accountFromClaims } from './account.js';
import { validateCallback } from './callback.js';
import { verifyIdTokenSignature } from './id-token.js';
import { withUserInfo } from './userinfo.js';

/** oauth4webapi's ID-token checks: claim values and times, and a JWT it could not read or whose `alg` is not allowed. */
const ID_TOKEN_REJECTIONS = new Set<string>([oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK]);

/** Whether oauth4webapi refused the ID token itself (its messages name the JWT or the ID Token, never a value). */
function idTokenRejected(error: unknown): error is oauth.OperationProcessingError | oauth.UnsupportedOperationError {
  if (error instanceof oauth.UnsupportedOperationError) return /JWT|JWE/.test(error.message);
  if (!(error instanceof oauth.OperationProcessingError)) return false;
  return ID_TOKEN_REJECTIONS.has(error.code ?? '') || /\bJWT\b|ID Token/.test(error.message);
}

/** A refused ID token is a bad callback (code injection, a forged or replayed token): 400, the reason named. */
function refuseIdToken(reason: string, cause?: unknown) {
  return badRequest(ErrorCode.InvalidCallback, `the ID token failed validation: ${reason}`, cause);
}

function redemptionFailure(ctx: OidcContext, error: unknown) {
  if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') {
    // Code reused, expired, or PKCE verifier mismatch: the user's callback is bad (RFC 6749 §5.2).
    return badRequest(ErrorCode.InvalidCallback, 'the authorization code was rejected (invalid_grant)', {
      error: safeErrorCode(error.error),
    });
  }
  if (idTokenRejected(error)) return refuseIdToken(error.message, { code: error.code });
  return idpFailure(error, 'code redemption', ctx.settings);
}

/**
 * Redeems the code (OIDC Core 1.0 §3.1.3) with the transaction's PKCE verifier; oauth4webapi validates
 * the ID token's claims (iss, aud, azp, exp, iat, nonce; OIDC Core 1.0 §3.1.3.7), then its signature
 * is verified against the provider's keys with the pinned algorithms (`verifyIdTokenSignature`).
 */
export async function redeemCode(ctx: OidcContext, redemption: CodeRedemption): Promise<SignInResult> {
  const as = await ctx.discovery.get();
  const params = validateCallback(ctx, as, redemption);
  // RFC 9449 §5: the account's key, new at each sign-in, proves the code redemption and binds the tokens.
  const dpopKey = await ctx.settings.dpop?.newKey();
  const DPoP = dpopHandle(ctx, dpopKey?.key);
  let result: oauth.TokenEndpointResponse;
  try {
    result = await withNonceRetry(DPoP, async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        ctx.client,
        ctx.clientAuth,
        params,
        redemption.redirectUri,
        redemption.codeVerifier,
        { ...ctx.http, additionalParameters: defaultResource(ctx), ...(DPoP !== undefined && { DPoP }) },
      );
      return oauth.processAuthorizationCodeResponse(as, ctx.client, response, {
        expectedNonce: redemption.nonce,
        requireIdToken: true,
      });
    });
  } catch (error) {
    throw redemptionFailure(ctx, error);
  }
  const idClaims = oauth.getValidatedIdTokenClaims(result);
  if (idClaims === undefined || result.id_token === undefined) {
    throw idpFailure(new Error('no id token'), 'code redemption');
  }
  await verifyIdTokenSignature(ctx, as, result.id_token, refuseIdToken);
  checkBinding(ctx, result, 'code redemption');
  const granted = result.scope === undefined ? redemption.scopes : result.scope.split(' ');
  const { claims, warning } = await withUserInfo(ctx, as, result, idClaims, granted, DPoP);
  // The session's logout binding comes from the ID token alone.
  const sid = typeof idClaims.sid === 'string' && idClaims.sid !== '' ? idClaims.sid : undefined;
  const key = cacheKeyFor(resourceScopeKey(redemption.scopes), result.scope);
  const partition: UserPartition = {
    v: 1,
    iss: claims.iss,
    sub: claims.sub,
    ...(sid === undefined ? {} : { sid }),
    ...(result.refresh_token === undefined ? {} : { rt: result.refresh_token }),
    at: { [key]: toAccessToken(result, redemption.scopes, ctx.settings.clock.now()) },
    ...(dpopKey !== undefined && { dk: dpopKey.stored }),
  };
  return {
    account: await accountFromClaims(claims),
    ...(sid === undefined ? {} : { sid }),
    ...(result.id_token === undefined ? {} : { idToken: result.id_token }),
    partition: JSON.stringify(partition),
    ...(result.scope === undefined ? {} : { grantedScopes: result.scope.split(' ').filter((s) => s !== '') }),
    ...(warning !== undefined && { warnings: [warning] }),
  };
}

/** RFC 8707 §2.2: the default resource, when one is configured, names the audience of the first access token. */
function defaultResource(ctx: OidcContext): URLSearchParams {
  const [resource] = ctx.settings.resources;
  const params = new URLSearchParams();
  if (resource !== undefined && ctx.settings.resourceParameter === 'resource') params.set('resource', resource);
  return params;
}
