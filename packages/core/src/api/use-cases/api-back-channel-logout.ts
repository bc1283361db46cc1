// OpenID Connect Back-Channel Logout 1.0 at an API: the user's tokens had on their behalf go, their session's tokens are refused.
import type { HttpRequest, HttpResult, LogoutTokenClaims } from '@identity-web/core';
import { unverifiedClaims } from '../../crypto/compact-jwt.js';
import { badRequest, ErrorCode, IdentityWebError, isIdentityWebError } from '../../domain/errors.js';
import { replayTtlSeconds } from '../../domain/replay-window.js';
import { readForm, single } from '../../http/form.js';
import { errorResult } from '../../http/responses.js';
import type { ApiSettings } from '../config/api-settings.js';
import { issuedBy, userIssuer } from '../domain/claimed-issuer.js';
import { signOutAtApi } from './remove-user-tokens.js';

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5–2.8): the
 * logout token verified by the provider its `iss` names, a replayed `jti` refused, then
 * - with a `sid`: the session is remembered as ended (`endedSessionSeconds`), so every access
 *   token that carries it is refused from now on, on every instance sharing the replay cache;
 * - with a `sub` alone (every session of the user): the user's access tokens issued until the
 *   logout token's `iat` are refused so, with or without a `sid`;
 * - the tokens the API obtained on behalf of the user go: every one of the user the token names
 *   by `sub`, or of the user its `sid` was filed under.
 * The `jti` counts as used only once all of that succeeded, so the provider's retry of a delivery
 * that failed in a store is served. 200 on success, 400 for a bad token, 503 when a store is down.
 */
export class ApiBackChannelLogout {
  constructor(private readonly settings: ApiSettings) {}

  async execute(request: HttpRequest): Promise<HttpResult> {
    try {
      if (request.method !== 'POST') throw badRequest(ErrorCode.InvalidRequest, 'a logout token is POSTed');
      const token = single(await readForm(request), 'logout_token');
      if (!token) throw badRequest(ErrorCode.InvalidRequest, '"logout_token" is missing');
      await this.#logout(await this.#verify(token));
      return { status: 200, headers: { 'cache-control': 'no-store' }, cookies: [], body: '' };
    } catch (error) {
      // As a web app's: each refusal logged at warn with its reason, in identity-web's own words
      // (which never quote the token); a failure of the API's own goes to errorResult's log.
      if (isIdentityWebError(error) && error.expose) {
        this.settings.logger.warn(
          { event: 'logout_refused', channel: 'back-channel', reason: error.code, detail: error.message },
          'identity-web API: back-channel logout refused',
        );
      }
      return errorResult(error, this.settings.logger, { format: 'json' });
    }
  }

  async #logout(claims: LogoutTokenClaims): Promise<void> {
    const { replayCache, clock } = this.settings;
    const replayKey = `api-logout\u0000${claims.iss}\u0000${claims.jti}`;
    if (await replayCache.has(replayKey)) {
      throw new IdentityWebError(ErrorCode.LogoutTokenReplayed, 'logout token was already used');
    }
    await signOutAtApi(this.settings, {
      issuer: claims.iss,
      ...(claims.sub !== undefined && { subject: claims.sub }),
      ...(claims.sid !== undefined && { sid: claims.sid }),
      // Back-Channel Logout 1.0 §2.4: a logout token without `sid` ends every session of the user.
      everySession: claims.sid === undefined,
      at: claims.iat,
    });
    await replayCache.putIfAbsent(replayKey, replayTtlSeconds(claims.acceptUntil, Math.floor(clock.now() / 1000)));
  }

  /** Verified by the provider its `iss` names, with that provider's keys and rules. */
  async #verify(token: string): Promise<LogoutTokenClaims> {
    // A multi-tenant provider's logout tokens name the tenant's issuer: the provider says it is its.
    const claimed = unverifiedClaims(token) ?? {};
    const issuer = typeof claimed.iss === 'string' ? claimed.iss : '';
    const provider = this.settings.providers.find((p) => issuedBy(p, issuer, claimed));
    if (provider?.verifyLogoutToken === undefined) {
      throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from none of the configured providers');
    }
    const claims = await provider.verifyLogoutToken(token);
    if (claims.iss !== provider.issuer) {
      throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from another issuer');
    }
    // Its users are filed under the issuer the provider names for the token's own (a tenant's).
    return { ...claims, iss: userIssuer(provider, issuer, claimed) };
  }
}
