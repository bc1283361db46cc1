// Adds the UserInfo endpoint's claims under the ID token's at sign-in, when the ID token lacks them.
import {
  badRequest,
  ErrorCode,
  IdentityWebError,
  type SignInWarning,
  type UserInfoFailureReason,
} from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError, idpFailure } from '../errors.js';
import { endpointUrl } from '../http/secure-url.js';
import { withNonceRetry } from '../tokens/bound-tokens.js';

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

/** The sign-in's claims, and what went wrong with UserInfo when the sign-in went on without it. */
export interface UserInfoOutcome {
  readonly claims: oauth.IDToken;
  readonly warning?: SignInWarning;
}

/**
 * The ID token's claims with the UserInfo endpoint's under them (OpenID Connect Core 1.0 §5.3),
 * fetched once with the access token of the code redemption when `userinfo` asks for it. A
 * UserInfo `sub` other than the ID token's fails the sign-in (§5.3.2: the response could have
 * been substituted). Any other failure fails it with `userinfo: 'always'`; with `'auto'` the
 * sign-in goes on with the ID token's claims, and the outcome carries a warning for the log.
 */
export async function withUserInfo(
  ctx: OidcContext,
  as: oauth.AuthorizationServer,
  result: oauth.TokenEndpointResponse,
  claims: oauth.IDToken,
  grantedScopes: readonly string[],
  dpop?: oauth.DPoPHandle,
): Promise<UserInfoOutcome> {
  const mode = ctx.settings.userinfo;
  if (mode === false || as.userinfo_endpoint === undefined) return { claims };
  if (mode === 'auto' && !lacksScopeClaims(claims, grantedScopes)) return { claims };
  // A sender-constrained (DPoP) token goes out with a proof of its key (RFC 9449 §7), never as a
  // Bearer token; a token of any other type not at all.
  const type = result.token_type.toLowerCase();
  const DPoP = type === 'dpop' ? dpop : undefined;
  if (type !== 'bearer' && DPoP === undefined) {
    if (mode === 'auto') return { claims };
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
      // A validation failure like the ID token's: the sign-in is refused (400), not the provider
      // blamed, and never passed over: its claims would describe someone else.
      throw badRequest(
        ErrorCode.InvalidCallback,
        'the UserInfo response failed validation: it names another subject than the ID token (OIDC Core 1.0 §5.3.2)',
      );
    }
    const failure = userInfoFailure(error);
    if (mode === 'auto') {
      // The user gets in without the claims UserInfo holds; the core logs and counts the warning.
      const { message } = failure.error; // a transport failure names the URL, not the request
      const cause = message.startsWith('UserInfo') ? message : `UserInfo failed: ${message}`;
      const detail = `${cause}; signed in with the ID token's claims alone: ${FIXES[failure.reason]}`;
      return { claims, warning: { step: 'userinfo', reason: failure.reason, detail } };
    }
    throw new IdentityWebError(
      failure.error.code,
      `${failure.error.message}: with "userinfo: 'always'" the sign-in needs UserInfo; "userinfo: 'auto'" signs in without it when it fails`,
      { cause: failure.error.cause },
    );
  }
  const added = Object.fromEntries(
    Object.entries(info).filter(([name]) => !ID_TOKEN_ONLY.has(name) && !NOT_A_CLAIM.has(name)),
  );
  return { claims: { ...added, ...claims } };
}

/** What to do about a failed UserInfo request, by its reason. */
const FIXES: Readonly<Record<UserInfoFailureReason, string>> = {
  refused:
    'let the sign-in\'s access token be accepted at the UserInfo endpoint (its audience: a resource indicator may bind it to another API), have the provider put the profile claims in the ID token, or set "userinfo: false"',
  unavailable:
    'check the provider\'s UserInfo endpoint; "userinfo: false" stops the request, "userinfo: \'always\'" fails the sign-in instead',
  invalid_response:
    'the provider\'s UserInfo endpoint must answer JSON (OIDC Core 1.0 §5.3.2); "userinfo: false" stops the request',
};

/** A UserInfo failure as the core's typed error, and why it failed. */
function userInfoFailure(error: unknown): { error: IdentityWebError; reason: UserInfoFailureReason } {
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const refused = idpError(
      `UserInfo failed: the provider refused the access token of the sign-in (HTTP ${error.status}), perhaps issued for another audience (a resource indicator)`,
      { status: error.status },
    );
    return { error: refused, reason: 'refused' };
  }
  const failure = idpFailure(error, 'UserInfo');
  const status = (failure.cause as { status?: unknown } | undefined)?.status;
  if (status === 401 || status === 403) return { error: failure, reason: 'refused' };
  // An answer that came but is no UserInfo response (not JSON, not parseable, the wrong type).
  const unusable =
    (error instanceof oauth.OperationProcessingError && (typeof status !== 'number' || status < 300)) ||
    error instanceof oauth.UnsupportedOperationError;
  return { error: failure, reason: unusable ? 'invalid_response' : 'unavailable' };
}
