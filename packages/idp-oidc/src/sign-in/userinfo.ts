// Adds the UserInfo endpoint's claims under the ID token's at sign-in, when the ID token lacks them.
import { badRequest, ErrorCode, IdentityWebError } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError, idpFailure } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { withNonceRetry } from '../tokens/dpop.js';

/** The claims each standard scope asks for (OpenID Connect Core 1.0 §5.4). */
const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/**
 * Claims about the token or the authentication event, which only the ID token may state: a
 * UserInfo answer never sets them (a `sid` from there would bind the session to another logout).
 */
const ID_TOKEN_ONLY = new Set([
  'iss',
  'sub',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'sid',
  'auth_time',
  'acr',
  'amr',
  'at_hash',
  'c_hash',
  's_hash',
]);

/** Keys JavaScript gives meaning to: never claims, whatever a JSON body says. */
const NOT_A_CLAIM = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a granted scope's claims are all absent from the ID token: the provider kept them for UserInfo. */
function lacksScopeClaims(claims: oauth.IDToken, scopes: readonly string[]): boolean {
  return scopes.some((scope) => SCOPE_CLAIMS[scope]?.every((name) => claims[name] === undefined) === true);
}

/**
 * The ID token's claims with the UserInfo endpoint's under them (OpenID Connect Core 1.0 §5.3),
 * fetched once with the access token of the code redemption when `userinfo` asks for it. A
 * UserInfo `sub` other than the ID token's fails the sign-in (§5.3.2: the response could have
 * been substituted).
 */
export async function withUserInfo(
  ctx: OidcContext,
  as: oauth.AuthorizationServer,
  result: oauth.TokenEndpointResponse,
  claims: oauth.IDToken,
  grantedScopes: readonly string[],
  dpop?: oauth.DPoPHandle,
): Promise<oauth.IDToken> {
  const mode = ctx.settings.userinfo;
  if (mode === false || as.userinfo_endpoint === undefined) return claims;
  if (mode === 'auto' && !lacksScopeClaims(claims, grantedScopes)) return claims;
  // A sender-constrained (DPoP) token goes out with a proof of its key (RFC 9449 §7), never as a
  // Bearer token; a token of any other type not at all.
  const type = result.token_type.toLowerCase();
  const DPoP = type === 'dpop' ? dpop : undefined;
  if (type !== 'bearer' && DPoP === undefined) {
    if (mode === 'auto') return claims;
    throw idpError(
      `UserInfo failed: the access token is of type "${result.token_type.slice(0, 20).replace(/[^\w-]/g, '?')}", not Bearer`,
    );
  }
  endpointUrl(as.userinfo_endpoint, 'userinfo_endpoint', ctx.settings.allowInsecureRequests);
  let info: oauth.UserInfoResponse;
  try {
    info = await withNonceRetry(DPoP, async () => {
      const options = { ...ctx.http, ...(DPoP !== undefined && { DPoP }) };
      const response = await oauth.userInfoRequest(as, ctx.client, result.access_token, options);
      return oauth.processUserInfoResponse(as, ctx.client, claims.sub, response);
    });
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      // A validation failure like the ID token's: the sign-in is refused (400), not the provider blamed.
      throw badRequest(
        ErrorCode.InvalidCallback,
        'the UserInfo response failed validation: it names another subject than the ID token (OIDC Core 1.0 §5.3.2)',
      );
    }
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      throw idpError(
        `UserInfo failed: the provider refused the access token of the sign-in (HTTP ${error.status}), perhaps issued for another audience (a resource indicator): "userinfo: false" signs in without UserInfo`,
      );
    }
    const failure = idpFailure(error, 'UserInfo');
    // The sign-in asked UserInfo for claims the ID token lacks; saying how to do without it.
    throw new IdentityWebError(
      failure.code,
      `${failure.message}: the ID token lacks the claims of the granted scopes, so the sign-in reads UserInfo; "userinfo: false" signs in without it`,
      { cause: failure.cause },
    );
  }
  const added = Object.fromEntries(
    Object.entries(info).filter(([name]) => !ID_TOKEN_ONLY.has(name) && !NOT_A_CLAIM.has(name)),
  );
  return { ...added, ...claims };
}
