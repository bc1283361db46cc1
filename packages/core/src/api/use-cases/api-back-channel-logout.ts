// OpenID Connect Back-Channel Logout 1.0 at an API: the user's tokens had on their behalf go, their session's tokens are refused.
import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import { inject, injectable } from '../../config/di.js';
import { DI_KEYS } from '../../config/di-keys.js';
import { unverifiedClaims } from '../../crypto/compact-jwt.js';
import { ErrorCode, IdentityWebError, isIdentityWebError } from '../../domain/errors.js';
import { backChannelLogoutAnswer } from '../../http/back-channel-logout-answer.js';
import { BackChannelLogout, type LogoutParty } from '../../use-cases/back-channel-logout.js';
import type { ApiSettings } from '../config/api-settings.js';
import { issuedBy, userIssuer } from '../domain/claimed-issuer.js';
import { signOutAtApi } from './remove-user-tokens.js';

/**
 * The API's back-channel logout endpoint: the one use case with the API as its party, over HTTP
 * as the web app's. Each refusal is logged at warn with its reason, in identity-web's own words
 * (which never quote the token); a failure of the API's own goes to the error answer's log.
 */
@injectable()
export class ApiBackChannelLogout {
  readonly #logout: BackChannelLogout;

  constructor(@inject(DI_KEYS.ApiSettings) private readonly settings: ApiSettings) {
    this.#logout = new BackChannelLogout(apiParty(settings), settings.replayCache, settings.clock);
  }

  execute(request: HttpRequest): Promise<HttpResult> {
    const { logger } = this.settings;
    const refused = (error: unknown) => {
      if (isIdentityWebError(error) && error.expose) {
        logger.warn(
          { event: 'logout_refused', channel: 'back-channel', reason: error.code, detail: error.message },
          'identity-web API: back-channel logout refused',
        );
      }
    };
    return backChannelLogoutAnswer(request, (token) => this.#logout.execute(token), refused, logger);
  }
}

/**
 * The API as a party to back-channel logout ({@link BackChannelLogout}, OpenID Connect
 * Back-Channel Logout 1.0 §2.5–2.8), the token verified by the provider its `iss` names, then
 * - with a `sid`: the session is remembered as ended (`endedSessionSeconds`), so every access
 *   token that carries it is refused from now on, on every instance sharing the replay cache;
 * - with a `sub` alone (every session of the user): the user's access tokens issued until the
 *   logout token's `iat` are refused so, with or without a `sid`;
 * - the tokens the API obtained on behalf of the user go: every one of the user the token names
 *   by `sub`, or of the user its `sid` was filed under.
 */
function apiParty(settings: ApiSettings): LogoutParty {
  return {
    replayScope: 'api-logout',
    async verify(token) {
      // A multi-tenant provider's logout tokens name the tenant's issuer: the provider says it is its.
      const claimed = unverifiedClaims(token) ?? {};
      const issuer = typeof claimed.iss === 'string' ? claimed.iss : '';
      const provider = settings.providers.find((p) => issuedBy(p, issuer, claimed));
      if (provider?.verifyLogoutToken === undefined) {
        throw new IdentityWebError(
          ErrorCode.InvalidLogoutToken,
          'logout token is from none of the configured providers',
        );
      }
      const claims = await provider.verifyLogoutToken(token);
      if (claims.iss !== provider.issuer) {
        throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from another issuer');
      }
      // Its users are filed under the issuer the provider names for the token's own (a tenant's).
      return { ...claims, iss: userIssuer(provider, issuer, claimed) };
    },
    async end(claims) {
      return signOutAtApi(settings, {
        issuer: claims.iss,
        ...(claims.sub !== undefined && { subject: claims.sub }),
        ...(claims.sid !== undefined && { sid: claims.sid }),
        // Back-Channel Logout 1.0 §2.4: a logout token without `sid` ends every session of the user.
        everySession: claims.sid === undefined,
        at: claims.iat,
      });
    },
  };
}
