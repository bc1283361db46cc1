// OIDC Front-Channel Logout 1.0: the IdP's iframe names a session, and every account signed in under it goes.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import type { LogoutRefusalReason } from '../domain/events.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';

export interface FrontChannelLogoutRequest {
  /** Every `iss` of the query string: more than one is as malformed as a missing `sid`. */
  readonly iss: readonly string[];
  /** Every `sid` of the query string. */
  readonly sid: readonly string[];
  /**
   * Every `provider` of the query string: with several `identityProviders`, the name a provider's
   * registered front-channel logout URI carries, for providers that send `sid` without `iss`.
   */
  readonly provider?: readonly string[];
  /** The session named by the request's own cookie; used only with `cookieFallback` and no `sid`. */
  readonly cookieSession: { readonly id: string; readonly accountKey: string; readonly issuer?: string } | null;
}

/** What a front-channel request did: the accounts it removed, or why it ended nothing. */
export type FrontChannelLogoutOutcome = (
  | { readonly removed: number }
  | {
      readonly refused: Extract<
        LogoutRefusalReason,
        'invalid_request' | 'wrong_issuer' | 'no_session_named' | 'provider_not_named'
      >;
    }
) & {
  /** The provider a refused request was taken for, when it named one. */
  readonly provider?: NamedProvider;
};

/**
 * OIDC Front-Channel Logout 1.0 §2–3: the IdP's iframe names (iss, sid); every account signed
 * in under that IdP session is removed, whether or not a session of ours still lives, because
 * the iframe is third-party and often carries no cookie at all (§4.1). Returns the number of
 * accounts removed, or why the request ended nothing; the HTTP answer never reveals either.
 */
@injectable()
export class HandleFrontChannelLogout {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  async execute(request: FrontChannelLogoutRequest): Promise<FrontChannelLogoutOutcome> {
    const [iss = null, ...moreIss] = request.iss;
    const [sid = null, ...moreSid] = request.sid;
    // A single provider ignores `provider`, repeated or not.
    const [name = null, ...moreNames] = this.providers.several ? (request.provider ?? []) : [];
    // A repeated parameter is as malformed as a missing one: the request is ignored.
    if (moreIss.length > 0 || moreSid.length > 0 || moreNames.length > 0) return { refused: 'invalid_request' };
    // §2: `iss` without `sid` breaks the OP's MUST.
    if (sid === null && iss !== null) return { refused: 'invalid_request' };
    const chosen = this.choose(iss, name);
    if ('refused' in chosen && (sid !== null || chosen.refused === 'wrong_issuer')) return chosen;
    const provider = 'provider' in chosen ? chosen.provider : undefined;
    if (sid === null) {
      // Neither: any site can navigate a browser here, so the cookie alone ends nothing unless
      // the app opted in; and then only a session of the provider the request names (with
      // several, `provider` must name it).
      const session = request.cookieSession;
      if (!this.settings.frontChannel.cookieFallback || !session) return { refused: 'no_session_named' };
      if (provider === undefined) return { refused: 'provider_not_named' };
      if (this.providers.ofKey(session.accountKey, session.issuer) !== provider) return { refused: 'no_session_named' };
      await this.removeAccount.execute(session.accountKey, 'front-channel', [session.id]);
      return { removed: 1 };
    }
    // Sessions are filed under their provider's issuer: one provider's (iss, sid) never finds another's.
    const accounts = sessionsByAccount(await this.registry.findBySid(provider!.idp.issuer, sid));
    for (const [accountKey, sessionIds] of accounts) {
      await this.removeAccount.execute(accountKey, 'front-channel', sessionIds);
    }
    return { removed: accounts.size };
  }

  /**
   * The provider the request is for: the one `iss` names, or `provider` names (they must agree);
   * without either, the single provider (Entra sends only `sid`).
   */
  private choose(
    iss: string | null,
    name: string | null,
  ): { provider: NamedProvider } | { refused: 'wrong_issuer' | 'provider_not_named' } {
    const byIssuer = iss === null ? undefined : this.providers.withIssuer(iss);
    const byName = name === null ? undefined : this.providers.named(name);
    if ((iss !== null && byIssuer === undefined) || (name !== null && byName === undefined)) {
      return { refused: 'wrong_issuer' };
    }
    if (byIssuer !== undefined && byName !== undefined && byIssuer !== byName) return { refused: 'wrong_issuer' };
    const provider = byIssuer ?? byName ?? (this.providers.several ? undefined : this.providers.first);
    return provider === undefined ? { refused: 'provider_not_named' } : { provider };
  }
}
