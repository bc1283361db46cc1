import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { LogoutRefusalReason } from '../domain/events.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';

export interface FrontChannelLogoutRequest {
  /** Every `iss` of the query string: more than one is as malformed as a missing `sid`. */
  readonly iss: readonly string[];
  /** Every `sid` of the query string. */
  readonly sid: readonly string[];
  /** The session named by the request's own cookie; used only with `cookieFallback` and no `sid`. */
  readonly cookieSession: { readonly id: string; readonly accountKey: string } | null;
}

/** What a front-channel request did: the accounts it removed, or why it ended nothing. */
export type FrontChannelLogoutOutcome =
  | { readonly removed: number }
  | { readonly refused: Extract<LogoutRefusalReason, 'invalid_request' | 'wrong_issuer' | 'no_session_named'> };

/**
 * OIDC Front-Channel Logout 1.0 §2–3: the IdP's iframe names (iss, sid); every account signed
 * in under that IdP session is removed, whether or not a session of ours still lives, because
 * the iframe is third-party and often carries no cookie at all (§4.1). Returns the number of
 * accounts removed, or why the request ended nothing; the HTTP answer never reveals either.
 */
@injectable()
export class HandleFrontChannelLogout {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  async execute(request: FrontChannelLogoutRequest): Promise<FrontChannelLogoutOutcome> {
    const [iss = null, ...moreIss] = request.iss;
    const [sid = null, ...moreSid] = request.sid;
    // A repeated parameter is as malformed as a missing one: the request is ignored.
    if (moreIss.length > 0 || moreSid.length > 0) return { refused: 'invalid_request' };
    if (sid === null) {
      // §2: `iss` without `sid` breaks the OP's MUST.
      if (iss !== null) return { refused: 'invalid_request' };
      // Neither: any site can navigate a browser here, so the cookie alone ends nothing unless
      // the app opted in.
      if (!this.settings.frontChannel.cookieFallback || !request.cookieSession) return { refused: 'no_session_named' };
      const { id, accountKey } = request.cookieSession;
      await this.removeAccount.execute(accountKey, 'front-channel', [id]);
      return { removed: 1 };
    }
    // Entra sends only `sid`: then the configured issuer is meant.
    const issuer = iss ?? this.idp.issuer;
    if (issuer !== this.idp.issuer) return { refused: 'wrong_issuer' };
    const accounts = sessionsByAccount(await this.registry.findBySid(issuer, sid));
    for (const [accountKey, sessionIds] of accounts) {
      await this.removeAccount.execute(accountKey, 'front-channel', sessionIds);
    }
    return { removed: accounts.size };
  }
}
