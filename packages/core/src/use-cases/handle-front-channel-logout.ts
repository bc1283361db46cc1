import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import { RemoveAccount } from './remove-account.js';

export interface FrontChannelLogoutRequest {
  readonly iss: string | null;
  readonly sid: string | null;
  /** The session named by the request's own cookie; used only with `cookieFallback` and no `sid`. */
  readonly cookieSession: { readonly id: string; readonly accountKey: string } | null;
}

/**
 * OIDC Front-Channel Logout 1.0 §2–3: the IdP's iframe names (iss, sid); every account signed
 * in under that IdP session is removed, whether or not a session of ours still lives, because
 * the iframe is third-party and often carries no cookie at all (§4.1). Returns the number of
 * accounts removed; the HTTP answer never reveals it.
 */
@injectable()
export class HandleFrontChannelLogout {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  async execute(request: FrontChannelLogoutRequest): Promise<number> {
    if (request.sid === null) {
      // §2: `iss` without `sid` breaks the OP's MUST. Neither: any site can navigate a browser
      // here, so the cookie alone ends nothing unless the app opted in.
      if (request.iss !== null || !this.settings.frontChannel.cookieFallback || !request.cookieSession) return 0;
      const { id, accountKey } = request.cookieSession;
      await this.removeAccount.execute(accountKey, 'front-channel', [id]);
      return 1;
    }
    // Entra sends only `sid`: then the configured issuer is meant.
    const issuer = request.iss ?? this.idp.issuer;
    if (issuer !== this.idp.issuer) return 0;
    const accounts = new Set((await this.registry.findBySid(issuer, request.sid)).map((e) => e.accountKey));
    for (const accountKey of accounts) await this.removeAccount.execute(accountKey, 'front-channel');
    return accounts.size;
  }
}
